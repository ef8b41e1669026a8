using System.Net;
using Microsoft.Extensions.Logging;
using TraceBackend.Cql.Tests.Support;
using TraceBackend.Host;
using TraceBackend.Host.Options;
using TraceBackend.Storage.Cassandra.Schema;

namespace TraceBackend.EndToEnd.Tests.Cassandra;

/// <summary>
/// Start-up of <c>--storage cassandra</c> against a loopback node: <c>--cassandra-create-schema</c> runs Jaeger's v004
/// script (unprepared, before the store prepares anything) on a connection without a keyspace, the store's
/// connections run <c>USE "keyspace"</c>, disposing the app closes every connection, and a keyspace that does not
/// exist stops start-up with one line naming the schema command.
/// </summary>
public sealed class CassandraStartupTests
{
    private const string SchemaKeyspace = "tb_e2e_schema";

    [Fact]
    public async Task Create_schema_runs_the_v004_script_before_any_prepare_and_the_store_uses_the_keyspace()
    {
        using var cts = TestTimeout.Start();
        await using var backend = await CassandraBackend.StartAsync(SchemaKeyspace, cts.Token, "--cassandra-create-schema", "true");

        // The host's defaults are Jaeger's create.sh defaults (SimpleStrategy, RF 1, 48 h TTL): the same 17 statements.
        var expected = new CassandraSchema(new CassandraSchemaOptions { Keyspace = SchemaKeyspace }).Statements;
        var ddl = backend.Server.RequestsWith(FakeRequest.Query).Where(IsDdl).ToList();
        Assert.Equal(17, ddl.Count); // keyspace, 5 types, 11 tables
        Assert.Equal(expected, ddl.Select(q => q.Cql));
        Assert.StartsWith($"CREATE KEYSPACE IF NOT EXISTS {SchemaKeyspace} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': '1'}}", ddl[0].Cql, StringComparison.Ordinal);
        Assert.All(ddl, q => Assert.Contains(" IF NOT EXISTS ", q.Cql, StringComparison.Ordinal));
        // Each statement waited for schema agreement before the next (system.local polled after each).
        Assert.True(backend.Server.SchemaQueries >= ddl.Count, $"{backend.Server.SchemaQueries} schema agreement polls for {ddl.Count} statements");

        // The script ran on a session without a keyspace (it may not exist yet), which start-up then closed.
        var schemaConnections = ddl.Select(q => q.Connection).Distinct().ToList();
        Assert.All(schemaConnections, c => Assert.DoesNotContain(backend.Server.Requests, r => r.Connection == c && IsUse(r)));
        await TestTimeout.WaitUntilAsync(() => schemaConnections.All(CassandraBackend.IsClosed), cts.Token);

        // A write makes the store prepare and execute its statements: only after the whole script.
        var trace = OtlpJsonTrace.Create("schema-e2e", DateTimeOffset.UtcNow.AddSeconds(-2));
        using var otlp = new HttpClient { BaseAddress = backend.OtlpHttpBase, Timeout = TimeSpan.FromSeconds(15) };
        using (var response = await trace.PostAsync(otlp, cts.Token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var requests = backend.Server.Requests.ToList();
        var lastDdl = requests.IndexOf(ddl[^1]);
        var firstPrepare = requests.FindIndex(r => r.Opcode == FakeRequest.Prepare);
        Assert.True(firstPrepare > lastDdl, $"first PREPARE at {firstPrepare}, last DDL at {lastDdl}");
        Assert.DoesNotContain(requests[..lastDdl], r => r.Opcode is FakeRequest.Prepare or FakeRequest.Execute or FakeRequest.Batch);
        Assert.Contains(requests, r => r.Opcode == FakeRequest.Prepare && r.Cql == backend.Statements["insert_span"].Cql);

        // Every connection the store used ran USE "keyspace" (quoted) before its first statement, and no other USE.
        var storeRequests = requests.Where(r => r.Opcode is FakeRequest.Prepare or FakeRequest.Execute or FakeRequest.Batch).ToList();
        Assert.Contains(storeRequests, r => r.Opcode is FakeRequest.Execute or FakeRequest.Batch);
        foreach (var connection in storeRequests.Select(r => r.Connection).Distinct())
        {
            var onConnection = requests.Where(r => r.Connection == connection).ToList();
            var use = onConnection.FindIndex(IsUse);
            Assert.True(use >= 0, $"connection {connection.Index} served the store without USE");
            Assert.Equal($"USE \"{SchemaKeyspace}\"", onConnection[use].Cql);
            Assert.True(use < onConnection.FindIndex(r => r.Opcode is FakeRequest.Prepare or FakeRequest.Execute or FakeRequest.Batch));
        }

        Assert.All(requests.Where(IsUse), r => Assert.Equal($"USE \"{SchemaKeyspace}\"", r.Cql));
        Assert.Contains(backend.Stored("insert_span"), row => ((byte[])row[0]!).AsSpan().SequenceEqual(Convert.FromHexString(trace.TraceId)));
        Assert.Empty(backend.Server.HandlerErrors);

        // Disposing the app closes the store's connections too (nothing keeps reconnecting in the background).
        Assert.Contains(backend.Server.Connections, c => !CassandraBackend.IsClosed(c));
        await backend.App.DisposeAsync();
        await TestTimeout.WaitUntilAsync(() => backend.Server.Connections.All(CassandraBackend.IsClosed), cts.Token);
    }

    [Fact]
    public async Task A_missing_keyspace_stops_startup_with_one_line_naming_the_schema_command()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { Keyspaces = ["jaeger_v1_dc1"] };
        var options = CassandraBackend.Options(server, "--cassandra-keyspace", "missing_ks");

        var error = await Assert.ThrowsAsync<OptionsException>(
            () => TraceBackendApp.CreateAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), cts.Token));

        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\r', error.Message);
        Assert.StartsWith(
            "--cassandra-keyspace: keyspace 'missing_ks' does not exist; create it with `tracebackend cassandra-schema` or start with --cassandra-create-schema true",
            error.Message, StringComparison.Ordinal);
        Assert.Contains(server.RequestsWith(FakeRequest.Query), q => q.Cql == "USE \"missing_ks\"");
        Assert.Empty(server.RequestsWith(FakeRequest.Prepare));
        // Nothing is left connected after the failed start.
        await TestTimeout.WaitUntilAsync(() => server.Connections.All(CassandraBackend.IsClosed), cts.Token);
    }

    private static bool IsUse(FakeRequest request) =>
        request.Opcode == FakeRequest.Query && request.Cql.StartsWith("USE ", StringComparison.Ordinal);

    private static bool IsDdl(FakeRequest request) =>
        request.Opcode == FakeRequest.Query && !IsUse(request) && !request.Cql.StartsWith("SELECT ", StringComparison.Ordinal);
}
