using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>Result paging (spec §8) over a real connection: page size, Has_more_pages and paging state.</summary>
public sealed class PagingTests
{
    private const string Select = "SELECT n FROM t WHERE k=?";
    private static readonly byte[] s_id = [0x51, 0x52];

    [Fact]
    public async Task Paged_enumeration_fetches_three_pages_with_the_returned_paging_states()
    {
        using var cts = TestTimeout.Start();
        await using var server = PagingServer();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var statement = await cluster.PrepareAsync(Select, cts.Token);

        var rows = new List<int>();
        await foreach (var row in cluster.ExecutePagedAsync(statement, ["key"], new CqlQueryOptions { PageSize = 2 }, cts.Token))
        {
            rows.Add((int)row[0]!);
        }

        Assert.Equal([1, 2, 3, 4, 5], rows);
        var executes = server.RequestsWith(FakeRequest.Execute).Select(ParsedParameters.OfExecute).ToList();
        Assert.Equal(3, executes.Count);
        Assert.All(executes, p => Assert.Equal(2, p.PageSize));
        Assert.All(executes, p => Assert.Equal(V.Text("key"), Assert.Single(p.Values)));
        Assert.Equal([null, "p2"u8.ToArray(), "p3"u8.ToArray()], executes.Select(p => p.PagingState));
        Assert.All(executes, p => Assert.Equal(0x000A, p.Consistency));
    }

    [Fact]
    public async Task Pages_are_fetched_only_as_the_caller_enumerates()
    {
        using var cts = TestTimeout.Start();
        await using var server = PagingServer();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var statement = await cluster.PrepareAsync(Select, cts.Token);

        await using (var rows = cluster.ExecutePagedAsync(statement, ["key"], new CqlQueryOptions { PageSize = 2 }, cts.Token).GetAsyncEnumerator(cts.Token))
        {
            Assert.True(await rows.MoveNextAsync());
            Assert.True(await rows.MoveNextAsync());
            Assert.Single(server.RequestsWith(FakeRequest.Execute));
            Assert.True(await rows.MoveNextAsync());
            Assert.Equal(3, (int)rows.Current[0]!);
            Assert.Equal(2, server.RequestsWith(FakeRequest.Execute).Count());
        }
    }

    [Fact]
    public async Task Execute_returns_one_page_and_continues_from_a_given_paging_state()
    {
        using var cts = TestTimeout.Start();
        await using var server = PagingServer();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var statement = await cluster.PrepareAsync(Select, cts.Token);

        var first = await cluster.ExecuteAsync(statement, ["key"], new CqlQueryOptions { PageSize = 2 }, cts.Token);
        var second = await cluster.ExecuteAsync(statement, ["key"], new CqlQueryOptions { PageSize = 2, PagingState = first.PagingState }, cts.Token);

        Assert.Equal([1, 2], first.Rows.Select(r => (int)r[0]!));
        Assert.Equal("p2"u8.ToArray(), first.PagingState);
        Assert.Equal([3, 4], second.Rows.Select(r => (int)r[0]!));
        Assert.Equal(new CqlColumn("ks", "t", "n", CqlType.Int), Assert.Single(second.Columns));
        Assert.Equal(0, second.IndexOf("n"));
        Assert.Equal(-1, second.IndexOf("missing"));
    }

    [Fact]
    public async Task Page_size_zero_sends_no_page_size_and_the_server_returns_everything()
    {
        using var cts = TestTimeout.Start();
        await using var server = PagingServer();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var statement = await cluster.PrepareAsync(Select, cts.Token);

        var rows = new List<object?[]>();
        await foreach (var row in cluster.ExecutePagedAsync(statement, ["key"], new CqlQueryOptions { PageSize = 0 }, cts.Token))
        {
            rows.Add(row);
        }

        Assert.Equal(5, rows.Count);
        var execute = ParsedParameters.OfExecute(Assert.Single(server.RequestsWith(FakeRequest.Execute)));
        Assert.Null(execute.PageSize);
        Assert.Equal(0, execute.Flags & 0x04);
    }

    [Fact]
    public async Task Query_options_set_consistency_and_the_cluster_sets_serial_consistency()
    {
        using var cts = TestTimeout.Start();
        await using var server = PagingServer();
        var options = TestClusters.Options(server) with { Consistency = CqlConsistency.Quorum, SerialConsistency = CqlConsistency.LocalSerial };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);

        await cluster.QueryAsync("SELECT now() FROM system.local", ct: cts.Token);
        await cluster.QueryAsync("SELECT now() FROM system.local", new CqlQueryOptions { Consistency = CqlConsistency.All, PageSize = 7 }, cts.Token);

        var queries = server.RequestsWith(FakeRequest.Query).Where(q => q.Cql.Contains("now()", StringComparison.Ordinal)).Select(ParsedParameters.OfQuery).ToList();
        Assert.Equal([0x0004, 0x0005], queries.Select(q => q.Consistency));
        Assert.Equal([5000, 7], queries.Select(q => q.PageSize));
        Assert.All(queries, q => Assert.Equal(0x0009, q.SerialConsistency));
        Assert.All(queries, q => Assert.Empty(q.Values));
    }

    /// <summary>EXECUTE of <see cref="Select"/> pages through 1..5: no state → [1,2]+"p2", "p2" → [3,4]+"p3", "p3" → [5].</summary>
    private static FakeCqlServer PagingServer()
    {
        var server = new FakeCqlServer();
        server.Define(Select, s_id, [("k", CqlType.Text)], [("n", CqlType.Int)], 0);
        server.Handler = async request =>
        {
            if (request.Opcode != FakeRequest.Execute)
            {
                return false;
            }

            var parameters = ParsedParameters.OfExecute(request);
            var (rows, next) = parameters.PageSize is null ? ([1, 2, 3, 4, 5], null)
                : parameters.PagingState is null ? ([1, 2], "p2")
                : System.Text.Encoding.UTF8.GetString(parameters.PagingState) == "p2" ? (new[] { 3, 4 }, "p3")
                : (new[] { 5 }, (string?)null);
            await request.ReplyAsync(Responses.Result, Responses.RowsBody(
                [("n", CqlType.Int)], rows.Select(n => new byte[]?[] { V.Int(n) }).ToArray(), next is null ? null : System.Text.Encoding.UTF8.GetBytes(next)));
            return true;
        };
        return server;
    }
}
