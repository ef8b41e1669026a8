using TraceBackend.Model;
using TraceBackend.Storage.Conformance;

namespace TraceBackend.Storage.Cassandra.Tests.Server;

/// <summary>
/// The shared conformance suite against <see cref="CassandraTraceStore"/> on a real Cassandra
/// (<see cref="CassandraTestServer.EnvironmentVariable"/>): one keyspace for the class, tables truncated before each
/// test, a new store (new write caches) per test over the class's session. Without a server every test skips with
/// <see cref="CassandraTestServer.SkipReason"/> (thrown from <see cref="CreateStoreAsync"/>, which xunit reports as
/// a skip).
/// </summary>
public sealed class CassandraServerConformanceTests(CassandraKeyspaceFixture keyspace) : StorageConformanceTests, IClassFixture<CassandraKeyspaceFixture>
{
    protected override ConformanceCapabilities Capabilities => CassandraConformanceProfile.Capabilities;

    protected override async ValueTask<ITraceStore> CreateStoreAsync()
    {
        CassandraTestServer.SkipUnlessConfigured();
        await keyspace.TruncateAsync(Ct);
        return new CassandraTraceStore(keyspace.Session, new CassandraStoreOptions { Keyspace = keyspace.Keyspace });
    }

    protected override Span StoredForm(Span written) => CassandraConformanceProfile.StoredForm(written);
}
