using TraceBackend.Model;
using TraceBackend.Storage.Conformance;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Server;

/// <summary>
/// The store on a real Cassandra (<see cref="CassandraTestServer.EnvironmentVariable"/>), end to end: the schema
/// script is idempotent on a live keyspace, spans and dependency snapshots written through the store read back.
/// Skips without a server.
/// </summary>
public sealed class CassandraServerSmokeTests(CassandraKeyspaceFixture keyspace) : IClassFixture<CassandraKeyspaceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Running_the_schema_again_changes_nothing_and_every_table_and_type_exists()
    {
        CassandraTestServer.SkipUnlessConfigured();

        await keyspace.Schema.CreateAsync(keyspace.Session, Ct); // the fixture ran it once already

        var tables = await NamesAsync($"SELECT table_name FROM system_schema.tables WHERE keyspace_name = '{keyspace.Keyspace}'");
        var types = await NamesAsync($"SELECT type_name FROM system_schema.types WHERE keyspace_name = '{keyspace.Keyspace}'");
        Assert.Equal(
            ["dependencies_v2", "duration_index", "leases", "operation_names_v2", "operation_throughput", "sampling_probabilities", "service_name_index", "service_names", "service_operation_index", "tag_index", "traces"],
            tables);
        Assert.Equal(["dependency", "keyvalue", "log", "process", "span_ref"], types);
    }

    [Fact]
    public async Task Spans_written_through_the_store_read_back_and_are_found()
    {
        CassandraTestServer.SkipUnlessConfigured();
        await using var store = new CassandraTraceStore(keyspace.Session, new CassandraStoreOptions { Keyspace = keyspace.Keyspace });
        var traceId = new TraceId((ulong)Random.Shared.NextInt64(1, long.MaxValue), (ulong)Random.Shared.NextInt64(1, long.MaxValue));
        var root = Simple(traceId, 0x10, "frontend", "GET /x", Start, 2_500_000_000, SpanKind.Server,
            new KeyValue("http.method", AttributeValue.String("GET")), new KeyValue("http.status_code", AttributeValue.Int(200)), new KeyValue("ratio", AttributeValue.Double(0.5)));
        var child = new Span
        {
            TraceId = traceId,
            SpanId = new SpanId(0x77),
            ParentSpanId = root.SpanId,
            Name = "child op",
            Kind = SpanKind.Client,
            StartTimeUnixNano = Start + 1_000_000,
            EndTimeUnixNano = Start + 6_000_000,
            Attributes = [new("payload", AttributeValue.Bytes([1, 2, 3]))],
            Events = [new SpanEvent { TimeUnixNano = Start + 2_000_000, Name = "retry", Attributes = [new("attempt", AttributeValue.Int(2))] }],
            Resource = root.Resource,
        };

        await store.WriteAsync([root, child], Ct);

        var trace = Assert.Single(await store.GetTracesAsync([new TraceGetRequest(traceId)], Ct));
        SpanAssert.Equivalent([CassandraConformanceProfile.StoredForm(root), CassandraConformanceProfile.StoredForm(child)], trace.Spans);
        Assert.Contains("frontend", await store.GetServicesAsync(Ct));
        Assert.Contains(new Operation("GET /x", SpanKind.Server), await store.GetOperationsAsync(new OperationQuery("frontend"), Ct));
        var start = DateTimeOffset.UnixEpoch.AddTicks((long)(Start / 100));
        var found = await store.FindTracesAsync(
            new TraceQuery
            {
                ServiceName = "frontend",
                Attributes = new Dictionary<string, string> { ["http.method"] = "GET" },
                StartTimeMin = start.AddMinutes(-1),
                StartTimeMax = start.AddMinutes(1),
            },
            Ct);
        Assert.Contains(traceId, found.Select(t => t.TraceId));
    }

    [Fact]
    public async Task Dependency_snapshots_round_trip_and_sum_over_the_window()
    {
        CassandraTestServer.SkipUnlessConfigured();
        await using var store = new CassandraTraceStore(keyspace.Session, new CassandraStoreOptions { Keyspace = keyspace.Keyspace });
        var end = new DateTimeOffset(2024, 5, 2, 3, 0, 0, TimeSpan.Zero);

        await store.WriteDependenciesAsync(end.AddHours(-1), [new DependencyLink("frontend", "backend", 3), new DependencyLink("backend", "db", 2)], Ct);
        await store.WriteDependenciesAsync(end.AddHours(-26), [new DependencyLink("frontend", "backend", 4)], Ct);
        await store.WriteDependenciesAsync(end.AddDays(-5), [new DependencyLink("old", "gone", 1)], Ct);

        var links = await store.GetDependenciesAsync(end, TimeSpan.FromHours(30), Ct);

        Assert.Equal(["backend->db:2", "frontend->backend:7"], links.Select(l => $"{l.Parent}->{l.Child}:{l.CallCount}").Order(StringComparer.Ordinal));
    }

    private async Task<List<string>> NamesAsync(string cql)
    {
        var rows = await keyspace.Cluster.QueryAsync(cql, ct: Ct);
        return [.. rows.Rows.Select(r => (string)r[0]!).Order(StringComparer.Ordinal)];
    }
}
