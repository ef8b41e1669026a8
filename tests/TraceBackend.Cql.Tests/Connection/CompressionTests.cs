using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>LZ4 negotiated end to end (spec §5): STARTUP uncompressed, every later frame compressed both ways.</summary>
public sealed class CompressionTests
{
    [Fact]
    public async Task Lz4_is_negotiated_and_used_in_both_directions()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        server.Define("SELECT tags FROM traces WHERE trace_id=?", [0x0C], [("trace_id", CqlType.Blob)], [("tags", CqlType.List(CqlType.Text))]);
        server.Handler = async request =>
        {
            if (request.Opcode != FakeRequest.Execute)
            {
                return false;
            }

            var tags = V.Collection(Enumerable.Range(0, 100).Select(i => V.Text("http.status_code")).ToArray());
            await request.ReplyAsync(Responses.Result, Responses.RowsBody([("tags", CqlType.List(CqlType.Text))], [[tags]]));
            return true;
        };
        var options = TestClusters.Options(server) with { Compression = CqlCompression.Lz4, Keyspace = "jaeger" };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);
        var statement = await cluster.PrepareAsync("SELECT tags FROM traces WHERE trace_id=?", cts.Token);

        var result = await cluster.ExecuteAsync(statement, [new byte[16]], ct: cts.Token);

        Assert.Equal(100, Assert.IsAssignableFrom<IReadOnlyList<object?>>(result.Rows[0][0]).Count);
        var requests = server.Requests.ToList();
        var startup = requests.Single(r => r.Opcode == FakeRequest.Startup);
        Assert.Equal("lz4", startup.Connection.StartupOptions!["COMPRESSION"]);
        Assert.False(startup.WasCompressed);
        Assert.False(requests[0].WasCompressed);
        Assert.All(requests.SkipWhile(r => r.Opcode != FakeRequest.Startup).Skip(1), r => Assert.True(r.WasCompressed, $"opcode {r.Opcode} not compressed"));
        Assert.True(cluster.Hosts[0].Connections[0].Compressed);
    }

    [Fact]
    public async Task Lz4_is_not_requested_when_the_server_does_not_offer_it()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { Compression = ["snappy"] };
        var logs = new ListLoggerFactory();
        var options = TestClusters.Options(server) with { Compression = CqlCompression.Lz4, LoggerFactory = logs };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);

        await cluster.QueryAsync("SELECT 1", ct: cts.Token);

        Assert.DoesNotContain("COMPRESSION", server.Connections[0].StartupOptions!.Keys);
        Assert.All(server.Requests, r => Assert.False(r.WasCompressed));
        Assert.Contains(logs.Entries, e => e.Message.Contains("does not offer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_compression_configured_none_is_requested_even_if_offered()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        await cluster.QueryAsync("SELECT 1", ct: cts.Token);

        Assert.DoesNotContain("COMPRESSION", server.Connections[0].StartupOptions!.Keys);
        Assert.All(server.Requests, r => Assert.False(r.WasCompressed));
    }

    [Fact]
    public async Task Uncompressed_replies_are_accepted_after_lz4_was_negotiated()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { CompressResponses = false };
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(server) with { Compression = CqlCompression.Lz4 }, cts.Token);

        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 1", ct: cts.Token)).Kind);
        Assert.True(server.RequestsWith(FakeRequest.Query).Single().WasCompressed);
    }
}
