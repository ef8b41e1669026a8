using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>PREPARE caching, EXECUTE with bound values, transparent re-preparation (Unprepared 0x2500) and BATCH.</summary>
public sealed class PreparedStatementTests
{
    private const string Insert = "INSERT INTO service_names (service_name) VALUES (?)";
    private const string InsertTag = "INSERT INTO tag_index (service_name, tag_key, start_time, tags) VALUES (?, ?, ?, ?)";
    private static readonly byte[] s_insertId = [0x11, 0x22];
    private static readonly byte[] s_tagId = [0x33];
    private static readonly CqlType s_keyvalue = CqlType.Udt("jaeger", "keyvalue", [new("key", CqlType.Text), new("value_long", CqlType.Bigint)]);

    [Fact]
    public async Task Prepare_returns_metadata_and_is_cached_per_text()
    {
        using var cts = TestTimeout.Start();
        await using var server = Server();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var all = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => cluster.PrepareAsync(InsertTag, cts.Token)));
        var statement = await cluster.PrepareAsync(InsertTag, cts.Token);

        Assert.All(all, s => Assert.Same(statement, s));
        Assert.Single(server.RequestsWith(FakeRequest.Prepare));
        Assert.Equal(s_tagId, statement.Id);
        Assert.Equal(InsertTag, statement.Cql);
        Assert.Equal(["service_name", "tag_key", "start_time", "tags"], statement.Variables.Select(v => v.Name));
        Assert.Equal(CqlType.List(s_keyvalue), statement.Variables[3].Type);
        Assert.Equal([0, 1], statement.PartitionKeyIndices);
        Assert.Empty(statement.ResultColumns);
    }

    [Fact]
    public async Task A_failed_prepare_is_not_cached()
    {
        using var cts = TestTimeout.Start();
        await using var server = Server();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var error = await Assert.ThrowsAsync<CqlServerException>(() => cluster.PrepareAsync("SELECT later", cts.Token));
        Assert.Equal(CqlErrorCode.SyntaxError, error.Code);
        server.Define("SELECT later", [0x44], []);

        Assert.Equal([0x44], (await cluster.PrepareAsync("SELECT later", cts.Token)).Id);
    }

    [Fact]
    public async Task Execute_binds_values_by_the_prepared_types()
    {
        using var cts = TestTimeout.Start();
        await using var server = Server();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var statement = await cluster.PrepareAsync(InsertTag, cts.Token);
        var tags = new[] { new Dictionary<string, object?> { ["key"] = "retries", ["value_long"] = 3L } };

        var result = await cluster.ExecuteAsync(statement, ["frontend", "retries", 17L, tags], ct: cts.Token);

        Assert.Equal(CqlResultKind.Void, result.Kind);
        var execute = Assert.Single(server.RequestsWith(FakeRequest.Execute));
        Assert.Equal(s_tagId, execute.ExecuteId);
        Assert.Equal(
            [V.Text("frontend"), V.Text("retries"), V.Long(17), V.Collection(V.Fields(V.Text("retries"), V.Long(3)))],
            ParsedParameters.OfExecute(execute).Values);
    }

    [Fact]
    public async Task A_wrong_value_type_fails_before_anything_is_sent()
    {
        using var cts = TestTimeout.Start();
        await using var server = Server();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var statement = await cluster.PrepareAsync(InsertTag, cts.Token);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => cluster.ExecuteAsync(statement, ["frontend", "k", "not a number", null], ct: cts.Token));

        Assert.Contains("start_time", error.Message, StringComparison.Ordinal);
        Assert.Contains("bigint", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.RequestsWith(FakeRequest.Execute));
    }

    [Fact]
    public async Task Unprepared_after_a_node_restart_prepares_again_and_retries_transparently()
    {
        using var cts = TestTimeout.Start();
        await using var server = Server();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var statement = await cluster.PrepareAsync(Insert, cts.Token);
        server.PreparedIds.Clear();

        var result = await cluster.ExecuteAsync(statement, ["frontend"], ct: cts.Token);

        Assert.Equal(CqlResultKind.Void, result.Kind);
        Assert.Equal(
            [FakeRequest.Prepare, FakeRequest.Execute, FakeRequest.Prepare, FakeRequest.Execute],
            server.Requests.Where(r => r.Opcode is FakeRequest.Prepare or FakeRequest.Execute).Select(r => r.Opcode));
    }

    [Fact]
    public async Task A_host_whose_cache_lacks_the_statement_prepares_it_on_first_execute()
    {
        using var cts = TestTimeout.Start();
        await using var first = Server();
        await using var second = Server();
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(first, second), cts.Token);
        var statement = await cluster.PrepareAsync(Insert, cts.Token);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(CqlResultKind.Void, (await cluster.ExecuteAsync(statement, ["svc"], ct: cts.Token)).Kind);
        }

        Assert.All([first, second], s => Assert.Single(s.RequestsWith(FakeRequest.Prepare)));
        Assert.Equal(6 + 1, first.RequestsWith(FakeRequest.Execute).Count() + second.RequestsWith(FakeRequest.Execute).Count());
        Assert.All([first, second], s => Assert.NotEmpty(s.RequestsWith(FakeRequest.Execute)));
    }

    [Fact]
    public async Task Re_preparing_adopts_a_new_id()
    {
        using var cts = TestTimeout.Start();
        await using var server = Server();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var statement = await cluster.PrepareAsync(Insert, cts.Token);
        server.PreparedIds.Clear();
        server.Define(Insert, [0x99, 0x98], [("service_name", CqlType.Text)]);

        await cluster.ExecuteAsync(statement, ["svc"], ct: cts.Token);

        Assert.Equal([0x99, 0x98], statement.Id);
        Assert.Equal([0x99, 0x98], server.RequestsWith(FakeRequest.Execute).Last().ExecuteId);
    }

    [Fact]
    public async Task Batch_sends_prepared_entries_unlogged_by_default()
    {
        using var cts = TestTimeout.Start();
        await using var server = Server();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var insert = await cluster.PrepareAsync(Insert, cts.Token);
        var tag = await cluster.PrepareAsync(InsertTag, cts.Token);

        await cluster.BatchAsync([(insert, ["a"]), (tag, ["a", "k", 1L, null]), (insert, ["b"])], ct: cts.Token);
        await cluster.BatchAsync([(insert, ["c"])], CqlBatchType.Logged, new CqlQueryOptions { Consistency = CqlConsistency.Quorum }, cts.Token);

        var batches = server.RequestsWith(FakeRequest.Batch).ToList();
        Assert.Equal(2, batches.Count);
        var expected = new SpecWriter()
            .Byte(1).Short(3)
            .Byte(1).ShortBytes(s_insertId).Short(1).Bytes(V.Text("a"))
            .Byte(1).ShortBytes(s_tagId).Short(4).Bytes(V.Text("a")).Bytes(V.Text("k")).Bytes(V.Long(1)).Bytes(null)
            .Byte(1).ShortBytes(s_insertId).Short(1).Bytes(V.Text("b"))
            .Short(0x000A).Byte(0)
            .ToArray();
        Assert.Equal(expected, batches[0].Body);
        Assert.Equal(0, batches[1].Body[0]);
        Assert.Equal([0x00, 0x04, 0x00], batches[1].Body[^3..]);
    }

    [Fact]
    public async Task Batch_prepares_unknown_statements_again_and_resends()
    {
        using var cts = TestTimeout.Start();
        await using var server = Server();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var insert = await cluster.PrepareAsync(Insert, cts.Token);
        var tag = await cluster.PrepareAsync(InsertTag, cts.Token);
        server.PreparedIds.Clear();

        await cluster.BatchAsync([(insert, ["a"]), (tag, ["a", "k", 1L, null])], ct: cts.Token);

        Assert.Equal(3, server.RequestsWith(FakeRequest.Batch).Count());
        Assert.Equal(4, server.RequestsWith(FakeRequest.Prepare).Count());
    }

    [Fact]
    public async Task An_empty_batch_sends_nothing_and_bad_values_send_nothing()
    {
        using var cts = TestTimeout.Start();
        await using var server = Server();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var insert = await cluster.PrepareAsync(Insert, cts.Token);

        await cluster.BatchAsync([], ct: cts.Token);
        await Assert.ThrowsAsync<ArgumentException>(() => cluster.BatchAsync([(insert, ["a"]), (insert, [42])], ct: cts.Token));

        Assert.Empty(server.RequestsWith(FakeRequest.Batch));
    }

    private static FakeCqlServer Server()
    {
        var server = new FakeCqlServer();
        server.Define(Insert, s_insertId, [("service_name", CqlType.Text)], null, 0);
        server.Define(
            InsertTag,
            s_tagId,
            [("service_name", CqlType.Text), ("tag_key", CqlType.Text), ("start_time", CqlType.Bigint), ("tags", CqlType.List(s_keyvalue))],
            null,
            0,
            1);
        return server;
    }
}
