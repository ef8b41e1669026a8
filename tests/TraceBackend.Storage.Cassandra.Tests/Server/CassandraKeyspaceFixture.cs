using TraceBackend.Cql;
using TraceBackend.Storage.Cassandra.Schema;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Storage.Cassandra.Tests.Server;

/// <summary>
/// A fresh schema-v004 keyspace on the configured server for one test class (created with
/// <see cref="CassandraSchema"/>, SimpleStrategy RF 1, dropped afterwards), with one shared session. Does nothing when
/// no server is configured (the tests then skip). Tests of one class run one after another, so
/// <see cref="TruncateAsync"/> between them gives each an empty store: on a real node that takes well under a second,
/// while a keyspace per test would cost 17 schema changes, each waiting for agreement.
/// </summary>
public sealed class CassandraKeyspaceFixture : IAsyncLifetime
{
    /// <summary>The tables the store writes (the sampling and lock tables are never touched).</summary>
    public static readonly IReadOnlyList<string> StoreTables =
    [
        "traces", "service_names", "operation_names_v2", "service_name_index", "service_operation_index", "duration_index", "tag_index", "dependencies_v2",
    ];

    private static readonly TimeSpan s_truncateTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_setupTimeout = TimeSpan.FromMinutes(3);

    private CqlCluster? _cluster;
    private CqlCassandraSession? _session;

    public string Keyspace { get; } = CassandraTestServer.UniqueKeyspace("tb_test");

    public CassandraSchema Schema => new(new CassandraSchemaOptions { Keyspace = Keyspace });

    public CqlCluster Cluster => _cluster ?? throw new InvalidOperationException(CassandraTestServer.SkipReason);

    /// <summary>The session over <see cref="Cluster"/>; stores built on it do not own it.</summary>
    public CqlCassandraSession Session => _session ?? throw new InvalidOperationException(CassandraTestServer.SkipReason);

    public async ValueTask InitializeAsync()
    {
        if (CassandraTestServer.Address is null)
        {
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(s_setupTimeout);
        _cluster = await CassandraTestServer.ConnectAsync(cts.Token);
        _session = new CqlCassandraSession(_cluster);
        await Schema.CreateAsync(_session, cts.Token);
    }

    /// <summary>Empties every table the store uses.</summary>
    public Task TruncateAsync(CancellationToken ct) => Task.WhenAll(StoreTables.Select(table =>
        Cluster.QueryAsync($"TRUNCATE {Keyspace}.{table}", new CqlQueryOptions { Timeout = s_truncateTimeout }, ct)));

    public async ValueTask DisposeAsync()
    {
        if (_session is null)
        {
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(s_setupTimeout);
            await _session.ExecuteSchemaAsync($"DROP KEYSPACE IF EXISTS {Keyspace}", cts.Token);
        }
        finally
        {
            await _session.DisposeAsync();
        }
    }
}
