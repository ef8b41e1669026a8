using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>Lost connections, dead contact points, hosts marked down and reconnection with exponential backoff.</summary>
public sealed class ReconnectionTests
{
    [Fact]
    public async Task After_the_server_drops_the_connection_the_next_request_reconnects()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(server) with { Keyspace = "jaeger" }, cts.Token);
        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 1", ct: cts.Token)).Kind);

        server.DropConnections();
        await TestTimeout.WaitUntilAsync(() => cluster.Hosts[0].Connections.Count == 0, cts.Token);

        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 2", ct: cts.Token)).Kind);
        Assert.Equal(2, server.ConnectionCount);
        Assert.True(cluster.Hosts[0].IsUp);
        var uses = server.RequestsWith(FakeRequest.Query).Where(q => q.Cql.StartsWith("USE", StringComparison.Ordinal)).ToList();
        Assert.Equal([0, 1], uses.Select(u => u.Connection.Index));
    }

    [Fact]
    public async Task A_request_in_flight_when_the_connection_drops_fails_as_retryable()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        server.Handler = request =>
        {
            if (request.Opcode == FakeRequest.Query && request.Cql == "DROP ME")
            {
                request.Connection.Abort();
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var error = await Assert.ThrowsAsync<CqlConnectionException>(() => cluster.QueryAsync("DROP ME", ct: cts.Token));

        Assert.True(error.IsRetryable);
        Assert.Equal(server.Address, error.Host);
        Assert.Contains(server.Address, error.HostErrors.Keys);
        await TestTimeout.WaitUntilAsync(() => cluster.Hosts[0].Connections.Count == 0, cts.Token);
        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 1", ct: cts.Token)).Kind);
    }

    [Fact]
    public async Task With_the_first_contact_point_dead_requests_go_to_a_live_host()
    {
        using var cts = TestTimeout.Start();
        var dead = $"127.0.0.1:{FakeCqlServer.UnusedPort()}";
        await using var server = new FakeCqlServer();
        var options = TestClusters.Options(server) with { ContactPoints = [dead, server.Address], ReconnectBaseDelay = TimeSpan.FromSeconds(30), ReconnectMaxDelay = TimeSpan.FromSeconds(30) };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync($"SELECT {i}", ct: cts.Token)).Kind);
        }

        Assert.False(cluster.Hosts[0].IsUp);
        Assert.NotNull(cluster.Hosts[0].LastError);
        Assert.True(cluster.Hosts[1].IsUp);
        Assert.Equal(4, server.RequestsWith(FakeRequest.Query).Count(q => q.Cql.StartsWith("SELECT", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Connect_returns_when_one_host_answers_while_a_silent_host_times_out_in_the_background()
    {
        using var cts = TestTimeout.Start();
        await using var silent = new FakeCqlServer { Handler = _ => Task.FromResult(true) };
        await using var server = new FakeCqlServer();
        var options = TestClusters.Options(silent, server) with { ConnectTimeout = TimeSpan.FromSeconds(3), ReconnectBaseDelay = TimeSpan.FromSeconds(30), ReconnectMaxDelay = TimeSpan.FromSeconds(30) };
        var started = System.Diagnostics.Stopwatch.StartNew();

        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"connect took {started.Elapsed}");
        Assert.True(cluster.Hosts[0].IsUp);
        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 1", ct: cts.Token)).Kind);
        await TestTimeout.WaitUntilAsync(() => !cluster.Hosts[0].IsUp, cts.Token);
        Assert.IsType<TimeoutException>(cluster.Hosts[0].LastError);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync($"SELECT {i}", ct: cts.Token)).Kind);
        }
    }

    [Fact]
    public async Task No_reachable_contact_point_fails_with_every_host_and_its_error()
    {
        using var cts = TestTimeout.Start();
        var first = $"127.0.0.1:{FakeCqlServer.UnusedPort()}";
        var second = $"127.0.0.1:{FakeCqlServer.UnusedPort()}";
        var options = new CqlClusterOptions { ContactPoints = [first, second], ConnectTimeout = TimeSpan.FromSeconds(5) };

        var error = await Assert.ThrowsAsync<CqlConnectionException>(() => CqlCluster.ConnectAsync(options, cts.Token));

        Assert.Equal(new[] { first, second }.Order(), error.HostErrors.Keys.Order());
        Assert.All(error.HostErrors.Values, e => Assert.NotNull(e));
        Assert.Contains(first, error.Message, StringComparison.Ordinal);
        Assert.Contains(second, error.Message, StringComparison.Ordinal);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task A_host_marked_down_is_reconnected_in_the_background_once_it_listens_again()
    {
        using var cts = TestTimeout.Start();
        var port = FakeCqlServer.UnusedPort();
        await using var live = new FakeCqlServer();
        var options = TestClusters.Options(live) with { ContactPoints = [$"127.0.0.1:{port}", live.Address] };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);
        Assert.False(cluster.Hosts[0].IsUp);

        await using var revived = new FakeCqlServer(port: port);
        await TestTimeout.WaitUntilAsync(() => cluster.Hosts[0].IsUp, cts.Token);

        for (var i = 0; i < 4; i++)
        {
            await cluster.QueryAsync($"SELECT {i}", ct: cts.Token);
        }

        Assert.Contains(revived.RequestsWith(FakeRequest.Query), q => q.Cql.StartsWith("SELECT", StringComparison.Ordinal));
        Assert.Null(cluster.Hosts[0].LastError);
    }

    [Fact]
    public async Task When_every_host_is_down_requests_fail_fast_with_the_hosts_last_errors()
    {
        using var cts = TestTimeout.Start();
        var server = new FakeCqlServer();
        var options = TestClusters.Options(server) with { ReconnectBaseDelay = TimeSpan.FromSeconds(30), ReconnectMaxDelay = TimeSpan.FromSeconds(30) };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);
        await server.DisposeAsync();
        await TestTimeout.WaitUntilAsync(() => cluster.Hosts[0].Connections.Count == 0, cts.Token);

        var opening = await Assert.ThrowsAsync<CqlConnectionException>(() => cluster.QueryAsync("SELECT 1", ct: cts.Token));
        var down = await Assert.ThrowsAsync<CqlConnectionException>(() => cluster.QueryAsync("SELECT 1", ct: cts.Token));

        Assert.NotNull(opening.HostErrors[server.Address]);
        Assert.False(cluster.Hosts[0].IsUp);
        Assert.Same(cluster.Hosts[0].LastError, down.HostErrors[server.Address]);
    }

    [Fact]
    public async Task Reconnect_delays_double_from_the_base_up_to_the_maximum()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        var options = TestClusters.Options(server) with { ReconnectBaseDelay = TimeSpan.FromSeconds(1), ReconnectMaxDelay = TimeSpan.FromSeconds(60) };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], Enumerable.Range(0, 8).Select(a => cluster.Hosts[0].ReconnectDelay(a).TotalSeconds));
        Assert.Equal(60, cluster.Hosts[0].ReconnectDelay(1000).TotalSeconds);
    }

    [Fact]
    public async Task The_pool_fills_to_connections_per_host()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(server) with { ConnectionsPerHost = 3 }, cts.Token);

        await TestTimeout.WaitUntilAsync(() => cluster.Hosts[0].Connections.Count == 3, cts.Token);
        await Task.Delay(100, cts.Token);

        Assert.Equal(3, server.ConnectionCount);
        Assert.Equal(3, server.RequestsWith(FakeRequest.Startup).Count());
    }
}
