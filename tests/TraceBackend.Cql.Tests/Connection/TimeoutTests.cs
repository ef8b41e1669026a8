using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>Per-request timeouts: the caller gets a timeout exception; the stream id stays reserved until freed.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task A_request_without_reply_times_out_and_keeps_its_stream_id_until_the_late_reply()
    {
        using var cts = TestTimeout.Start();
        await using var server = SilentServer(out var silent);
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var error = await Assert.ThrowsAsync<CqlRequestTimeoutException>(() =>
            cluster.QueryAsync("SLOW", new CqlQueryOptions { Timeout = TimeSpan.FromMilliseconds(200) }, cts.Token));
        Assert.True(error.IsRetryable);
        Assert.Equal(server.Address, error.Host);
        Assert.Equal(TimeSpan.FromMilliseconds(200), error.Timeout);
        var slow = Assert.Single(silent);
        var connection = cluster.Hosts[0].Connections[0];
        Assert.Equal(1, connection.InFlight);

        // While reserved, the id is not handed out again (ids are otherwise reused last-in first-out).
        for (var i = 0; i < 3; i++)
        {
            await cluster.QueryAsync($"SELECT {i}", ct: cts.Token);
        }

        Assert.All(LastQueries(server, 3), q => Assert.NotEqual(slow.Stream, q.Stream));

        // The late reply frees it; the next request may use it again.
        await slow.ReplyAsync(Responses.Result, Responses.VoidBody());
        await TestTimeout.WaitUntilAsync(() => connection.InFlight == 0, cts.Token);
        await cluster.QueryAsync("SELECT again", ct: cts.Token);
        Assert.Equal(slow.Stream, LastQueries(server, 1)[0].Stream);
        Assert.Same(connection, cluster.Hosts[0].Connections[0]);
    }

    [Fact]
    public async Task The_cluster_default_request_timeout_applies_when_the_options_have_none()
    {
        using var cts = TestTimeout.Start();
        await using var server = SilentServer(out _);
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(server) with { RequestTimeout = TimeSpan.FromMilliseconds(150) }, cts.Token);

        var error = await Assert.ThrowsAsync<CqlRequestTimeoutException>(() => cluster.QueryAsync("SLOW", ct: cts.Token));

        Assert.Equal(TimeSpan.FromMilliseconds(150), error.Timeout);
    }

    [Fact]
    public async Task Caller_cancellation_is_an_operation_canceled_exception_not_a_timeout()
    {
        using var cts = TestTimeout.Start();
        await using var server = SilentServer(out var silent);
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);

        var query = cluster.QueryAsync("SLOW", ct: caller.Token);
        await TestTimeout.WaitUntilAsync(() => !silent.IsEmpty, cts.Token);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        Assert.Equal(1, cluster.Hosts[0].Connections[0].InFlight);
    }

    [Fact]
    public async Task Closing_the_connection_frees_the_ids_of_timed_out_requests()
    {
        using var cts = TestTimeout.Start();
        await using var server = SilentServer(out _);
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(server), maxStreamsPerConnection: 4, cts.Token);
        var first = cluster.Hosts[0].Connections[0];

        // With 4 ids, once more than 3 are held by unanswered requests the connection is closed as wedged.
        while (first.IsOpen)
        {
            await Assert.ThrowsAsync<CqlRequestTimeoutException>(() =>
                cluster.QueryAsync("SLOW", new CqlQueryOptions { Timeout = TimeSpan.FromMilliseconds(100) }, cts.Token));
        }

        int SlowOnFirst() => server.RequestsWith(FakeRequest.Query).Count(q => q.Cql == "SLOW" && q.Connection.Index == 0);
        await TestTimeout.WaitUntilAsync(() => SlowOnFirst() >= 4, cts.Token);
        Assert.Equal(4, SlowOnFirst());
        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 1", ct: cts.Token)).Kind);
        Assert.NotSame(first, cluster.Hosts[0].Connections[0]);
        Assert.Equal(0, cluster.Hosts[0].Connections[0].InFlight);
    }

    private static FakeCqlServer SilentServer(out System.Collections.Concurrent.ConcurrentQueue<FakeRequest> silent)
    {
        var held = new System.Collections.Concurrent.ConcurrentQueue<FakeRequest>();
        silent = held;
        var server = new FakeCqlServer();
        server.Handler = request =>
        {
            if (request.Opcode == FakeRequest.Query && request.Cql == "SLOW")
            {
                held.Enqueue(request);
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        return server;
    }

    private static List<FakeRequest> LastQueries(FakeCqlServer server, int count) =>
        server.RequestsWith(FakeRequest.Query).Where(q => q.Cql.StartsWith("SELECT", StringComparison.Ordinal)).TakeLast(count).ToList();
}
