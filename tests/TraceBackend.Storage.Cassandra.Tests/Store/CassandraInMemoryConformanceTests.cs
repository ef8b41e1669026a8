using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Tests.Server;
using TraceBackend.Storage.Cassandra.Tests.Support;
using TraceBackend.Storage.Conformance;

namespace TraceBackend.Storage.Cassandra.Tests.Store;

/// <summary>
/// The shared conformance suite against <see cref="CassandraTraceStore"/> over <see cref="InMemoryTraceTables"/> (the
/// store's logic with Cassandra's table semantics, no server). Spans read back as the row codec stores them
/// (Jaeger's model: no link or scope attributes, dropped counts as tags, resource dropped count lost); dependencies
/// are snapshots written by the dependencies job, so only the snapshot test of the dependency tests runs.
/// </summary>
public sealed class CassandraInMemoryConformanceTests : StorageConformanceTests
{
    protected override ConformanceCapabilities Capabilities => CassandraConformanceProfile.Capabilities;

    protected override ValueTask<ITraceStore> CreateStoreAsync() =>
        new(new CassandraTraceStore(new InMemoryTraceTables(), new CassandraStoreOptions()));

    protected override Span StoredForm(Span written) => CassandraConformanceProfile.StoredForm(written);
}
