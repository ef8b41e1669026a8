using System.Collections.Concurrent;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>Stream-id multiplexing (spec §2.3): concurrent requests on one connection, replies in any order.</summary>
public sealed class MultiplexingTests
{
    [Fact]
    public async Task Replies_sent_in_reverse_order_reach_their_own_requests()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        var held = new List<FakeRequest>();
        server.Handler = async request =>
        {
            if (request.Opcode != FakeRequest.Query)
            {
                return false;
            }

            List<FakeRequest>? release = null;
            lock (held)
            {
                held.Add(request);
                if (held.Count == 10)
                {
                    release = [.. held];
                }
            }

            if (release is not null)
            {
                release.Reverse();
                foreach (var r in release)
                {
                    await r.ReplyAsync(Responses.Result, NumberRows(r.Cql));
                }
            }

            return true;
        };
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => cluster.QueryAsync($"SELECT {i}", ct: cts.Token)));

        Assert.Equal(Enumerable.Range(0, 10), results.Select(r => (int)r.Rows[0][0]!));
        var queries = server.RequestsWith(FakeRequest.Query).ToList();
        Assert.Equal(10, queries.Select(q => q.Stream).Distinct().Count());
        Assert.Single(queries.Select(q => q.Connection).Distinct());
        Assert.All(queries, q => Assert.Equal(0x04, q.Version));
    }

    [Fact]
    public async Task Two_hundred_concurrent_requests_with_random_reply_delays_all_match()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        server.Handler = request =>
        {
            if (request.Opcode != FakeRequest.Query)
            {
                return Task.FromResult(false);
            }

            _ = Task.Run(async () =>
            {
                await Task.Delay(Random.Shared.Next(0, 20));
                await request.ReplyAsync(Responses.Result, NumberRows(request.Cql));
            });
            return Task.FromResult(true);
        };
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => cluster.QueryAsync($"SELECT {i}", ct: cts.Token)));

        Assert.Equal(Enumerable.Range(0, 200), results.Select(r => (int)r.Rows[0][0]!));
    }

    [Fact]
    public async Task Requests_wait_for_a_free_stream_id_when_all_are_in_use()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        var outstanding = new ConcurrentDictionary<short, bool>();
        var maxOutstanding = 0;
        server.Handler = request =>
        {
            if (request.Opcode != FakeRequest.Query)
            {
                return Task.FromResult(false);
            }

            Assert.True(outstanding.TryAdd(request.Stream, true), $"stream {request.Stream} reused while in flight");
            InterlockedMax(ref maxOutstanding, outstanding.Count);
            _ = Task.Run(async () =>
            {
                await Task.Delay(5);
                outstanding.TryRemove(request.Stream, out _);
                await request.ReplyAsync(Responses.Result, NumberRows(request.Cql));
            });
            return Task.FromResult(true);
        };
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(server), maxStreamsPerConnection: 4, cts.Token);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => cluster.QueryAsync($"SELECT {i}", ct: cts.Token)));

        Assert.Equal(Enumerable.Range(0, 40), results.Select(r => (int)r.Rows[0][0]!));
        Assert.InRange(maxOutstanding, 1, 4);
        Assert.All(server.RequestsWith(FakeRequest.Query), q => Assert.InRange(q.Stream, 0, 3));
        Assert.Empty(server.HandlerErrors);
    }

    [Fact]
    public async Task The_least_busy_connection_of_a_host_takes_the_next_request()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        var held = new ConcurrentQueue<FakeRequest>();
        server.Handler = request =>
        {
            if (request.Opcode == FakeRequest.Query && request.Cql.StartsWith("HOLD", StringComparison.Ordinal))
            {
                held.Enqueue(request);
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(server) with { ConnectionsPerHost = 2 }, cts.Token);
        await TestTimeout.WaitUntilAsync(() => cluster.Hosts[0].Connections.Count == 2, cts.Token);

        var first = cluster.QueryAsync("HOLD 1", ct: cts.Token);
        await TestTimeout.WaitUntilAsync(() => held.Count == 1, cts.Token);
        var second = cluster.QueryAsync("HOLD 2", ct: cts.Token);
        await TestTimeout.WaitUntilAsync(() => held.Count == 2, cts.Token);

        Assert.Equal(2, held.Select(r => r.Connection).Distinct().Count());
        foreach (var request in held)
        {
            await request.ReplyAsync(Responses.Result, Responses.VoidBody());
        }

        Assert.Equal(CqlResultKind.Void, (await first).Kind);
        Assert.Equal(CqlResultKind.Void, (await second).Kind);
    }

    [Fact]
    public async Task Server_pushed_events_and_replies_for_unknown_streams_are_ignored()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        server.Handler = async request =>
        {
            if (request.Opcode != FakeRequest.Query)
            {
                return false;
            }

            var eventBody = new SpecWriter().String("STATUS_CHANGE").String("UP").Byte(4).Raw(127, 0, 0, 2).Int(9042).ToArray();
            await request.Connection.SendAsync(-1, Responses.Event, eventBody);
            await request.Connection.SendAsync(999, Responses.Result, Responses.VoidBody());
            await request.ReplyAsync(Responses.Result, Responses.SetKeyspaceBody("after_noise"));
            return true;
        };
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var result = await cluster.QueryAsync("SELECT 1", ct: cts.Token);

        Assert.Equal("after_noise", result.Keyspace);
        Assert.Equal("after_noise", (await cluster.QueryAsync("SELECT 2", ct: cts.Token)).Keyspace);
    }

    internal static byte[] NumberRows(string cql) =>
        Responses.RowsBody([("n", CqlType.Int)], [[V.Int(int.Parse(cql.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))]]);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
