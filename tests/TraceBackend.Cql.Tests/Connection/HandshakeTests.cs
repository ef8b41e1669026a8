using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>Connection setup: OPTIONS/SUPPORTED, STARTUP, SASL PLAIN authentication and USE keyspace.</summary>
public sealed class HandshakeTests
{
    [Fact]
    public async Task Options_then_startup_with_cql_version_three_is_the_first_exchange()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var requests = server.Requests.ToList();
        Assert.Equal([FakeRequest.Options, FakeRequest.Startup], requests.Take(2).Select(r => r.Opcode));
        Assert.Empty(requests[0].Body);
        Assert.Equal(new Dictionary<string, string> { ["CQL_VERSION"] = "3.0.0" }, requests[1].Connection.StartupOptions);
        Assert.All(requests, r => Assert.Equal(0x04, r.Version));
    }

    [Fact]
    public async Task Password_authenticator_gets_the_sasl_plain_token()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { Authenticator = FakeCqlServer.PasswordAuthenticator, Username = "jaeger", Password = "s3cret" };
        var options = TestClusters.Options(server) with { Username = "jaeger", Password = "s3cret" };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);

        var auth = Assert.Single(server.RequestsWith(FakeRequest.AuthResponse));
        Assert.Equal(new SpecWriter().Bytes([0, .. "jaeger"u8, 0, .. "s3cret"u8]).ToArray(), auth.Body);
        Assert.Equal(CqlResultKind.Void, (await cluster.QueryAsync("SELECT 1", ct: cts.Token)).Kind);
    }

    [Fact]
    public async Task A_wrong_password_fails_connect_with_the_servers_authentication_error()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { Authenticator = FakeCqlServer.PasswordAuthenticator };
        var options = TestClusters.Options(server) with { Username = "cassandra", Password = "wrong" };

        var error = await Assert.ThrowsAsync<CqlAuthenticationException>(() => CqlCluster.ConnectAsync(options, cts.Token));

        Assert.Equal("Provided username and/or password are incorrect", error.ServerMessage);
        Assert.Equal(CqlErrorCode.AuthenticationError, error.Code);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Missing_credentials_for_a_server_that_requires_them_name_the_authenticator()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { Authenticator = FakeCqlServer.PasswordAuthenticator };

        var error = await Assert.ThrowsAsync<CqlAuthenticationException>(() => TestClusters.ConnectAsync(server, cts.Token));

        Assert.Contains(FakeCqlServer.PasswordAuthenticator, error.Message, StringComparison.Ordinal);
        Assert.Empty(server.RequestsWith(FakeRequest.AuthResponse));
    }

    [Fact]
    public async Task An_auth_challenge_is_answered_until_auth_success()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { Authenticator = "com.example.ChallengingAuthenticator" };
        var rounds = 0;
        server.Handler = async request =>
        {
            if (request.Opcode != FakeRequest.AuthResponse)
            {
                return false;
            }

            await request.ReplyAsync(
                ++rounds < 3 ? Responses.AuthChallenge : Responses.AuthSuccess,
                new SpecWriter().Bytes("challenge"u8.ToArray()).ToArray());
            return true;
        };
        var logs = new ListLoggerFactory();
        var options = TestClusters.Options(server) with { Username = "u", Password = "p", LoggerFactory = logs };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);

        Assert.Equal(3, server.RequestsWith(FakeRequest.AuthResponse).Count());
        Assert.Contains(logs.Entries, e => e.Message.Contains("com.example.ChallengingAuthenticator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_new_connection_uses_the_configured_keyspace_before_serving()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { Keyspaces = ["jaeger_v1_dc1"] };
        var options = TestClusters.Options(server) with { Keyspace = "jaeger_v1_dc1", ConnectionsPerHost = 2 };
        await using var cluster = await CqlCluster.ConnectAsync(options, cts.Token);
        await TestTimeout.WaitUntilAsync(() => cluster.Hosts[0].Connections.Count == 2, cts.Token);

        foreach (var connection in server.Connections)
        {
            var mine = server.Requests.Where(r => r.Connection == connection).Select(r => (r.Opcode, r.Opcode == FakeRequest.Query ? r.Cql : null)).ToList();
            Assert.Equal([(FakeRequest.Options, null), (FakeRequest.Startup, null), (FakeRequest.Query, "USE \"jaeger_v1_dc1\"")], mine.Take(3));
        }
    }

    [Fact]
    public async Task A_missing_keyspace_fails_connect_saying_how_to_create_it()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { Keyspaces = [] };
        var options = TestClusters.Options(server) with { Keyspace = "jaeger_v1_dc1" };

        var error = await Assert.ThrowsAsync<CqlKeyspaceNotFoundException>(() => CqlCluster.ConnectAsync(options, cts.Token));

        Assert.Equal("jaeger_v1_dc1", error.Keyspace);
        Assert.StartsWith("keyspace 'jaeger_v1_dc1' does not exist; create it with `tracebackend cassandra-schema`", error.Message, StringComparison.Ordinal);
        Assert.Equal("Keyspace 'jaeger_v1_dc1' does not exist", error.ServerMessage);
    }

    [Fact]
    public async Task A_server_speaking_another_protocol_version_is_reported()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        server.Handler = async request =>
        {
            var body = Responses.ErrorBody(0x000A, "Invalid or unsupported protocol version (4)");
            var frame = Responses.Frame(Responses.Error, request.Stream, body);
            frame[0] = 0x83;
            await request.Connection.SendRawAsync(frame);
            return true;
        };

        var error = await Assert.ThrowsAsync<CqlConnectionException>(() => TestClusters.ConnectAsync(server, cts.Token));

        Assert.Contains("v3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_warnings_are_logged()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        server.Handler = async request =>
        {
            if (request.Opcode != FakeRequest.Query || request.Cql != "WARN")
            {
                return false;
            }

            var body = new SpecWriter().StringList("Aggregation query used without partition key").Raw(Responses.VoidBody()).ToArray();
            await request.Connection.SendAsync(request.Stream, Responses.Result, body, flags: 0x08);
            return true;
        };
        var logs = new ListLoggerFactory();
        await using var cluster = await CqlCluster.ConnectAsync(TestClusters.Options(server) with { LoggerFactory = logs }, cts.Token);

        await cluster.QueryAsync("WARN", ct: cts.Token);

        Assert.Contains(logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("Aggregation query used without partition key", StringComparison.Ordinal));
    }
}
