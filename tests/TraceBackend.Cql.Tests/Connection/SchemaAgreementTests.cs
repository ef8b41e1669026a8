using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Cql.Tests.Connection;

/// <summary>Schema agreement: system.local and system.peers schema_version compared until equal or timeout.</summary>
public sealed class SchemaAgreementTests
{
    private static readonly Guid s_old = new("11111111-1111-1111-1111-111111111111");
    private static readonly Guid s_new = new("22222222-2222-2222-2222-222222222222");

    [Fact]
    public async Task Versions_that_differ_then_agree_return_true()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { SchemaVersions = poll => poll < 2 ? [s_new, s_old, s_new] : [s_new, s_new, s_new] };
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        Assert.True(await cluster.WaitForSchemaAgreementAsync(TimeSpan.FromSeconds(5), cts.Token));

        Assert.Equal(3, server.SchemaQueries);
        var queries = server.RequestsWith(FakeRequest.Query).Select(q => q.Cql).ToList();
        Assert.Equal(3, queries.Count(q => q == "SELECT schema_version FROM system.local WHERE key='local'"));
        Assert.Equal(3, queries.Count(q => q == "SELECT peer, schema_version FROM system.peers"));
    }

    [Fact]
    public async Task Versions_that_never_agree_return_false_after_the_timeout()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { SchemaVersions = _ => [s_new, s_old] };
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);
        var started = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(await cluster.WaitForSchemaAgreementAsync(TimeSpan.FromMilliseconds(500), cts.Token));

        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.InRange(server.SchemaQueries, 1, 6);
    }

    [Fact]
    public async Task A_single_node_agrees_at_once()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        Assert.True(await cluster.WaitForSchemaAgreementAsync(TimeSpan.FromSeconds(5), cts.Token));
        Assert.Equal(1, server.SchemaQueries);
    }

    [Fact]
    public async Task Ddl_returns_its_schema_change()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer();
        server.Handler = async request =>
        {
            if (request.Opcode == FakeRequest.Query && request.Cql.StartsWith("CREATE TABLE", StringComparison.Ordinal))
            {
                await request.ReplyAsync(Responses.Result, Responses.SchemaChangeBody("CREATED", "TABLE", "jaeger", "traces"));
                return true;
            }

            return false;
        };
        await using var cluster = await TestClusters.ConnectAsync(server, cts.Token);

        var result = await cluster.QueryAsync("CREATE TABLE IF NOT EXISTS traces (trace_id blob PRIMARY KEY)", ct: cts.Token);

        Assert.Equal(CqlResultKind.SchemaChange, result.Kind);
        Assert.Equal(new CqlSchemaChange("CREATED", "TABLE", "jaeger", "traces", []), result.SchemaChange! with { ArgumentTypes = [] });
        Assert.Empty(result.Rows);
    }
}
