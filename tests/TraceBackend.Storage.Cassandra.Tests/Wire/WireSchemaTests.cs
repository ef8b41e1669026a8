using TraceBackend.Cql;
using TraceBackend.Cql.Tests.Support;
using TraceBackend.Storage.Cassandra.Schema;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// Schema creation through <see cref="CqlCassandraSession"/>: every rendered statement goes out as an unprepared
/// QUERY, in script order, each followed by schema agreement polls of system.local and system.peers.
/// </summary>
public sealed class WireSchemaTests
{
    private const string Keyspace = "tb_wire_schema";

    private static readonly Guid s_old = new("0b5c3b22-0000-1000-8000-00000000000a");
    private static readonly Guid s_new = new("0b5c3b22-0000-1000-8000-00000000000b");

    [Fact]
    public async Task Every_statement_is_sent_in_order_and_waits_for_schema_agreement()
    {
        using var cts = TestTimeout.Start();

        // No keyspace option: the keyspace does not exist before the script runs. The peer lags for the first two polls.
        await using var server = new FakeCqlServer { SchemaVersions = n => n < 2 ? [s_new, s_old] : [s_new, s_new] };
        server.Handler = async request =>
        {
            if (request.Opcode != FakeRequest.Query || !request.Cql.StartsWith("CREATE ", StringComparison.Ordinal))
            {
                return false;
            }

            await request.ReplyAsync(Responses.Result, SchemaChange(request.Cql));
            return true;
        };
        var schema = new CassandraSchema(new CassandraSchemaOptions { Keyspace = Keyspace });
        await using var session = new CqlCassandraSession(await CqlCluster.ConnectAsync(FakeCassandra.ClusterOptions(server) with { Keyspace = null }, cts.Token));

        await schema.CreateAsync(session, cts.Token);

        var queries = server.RequestsWith(FakeRequest.Query).Select(q => q.Cql).ToList();
        var ddl = queries.Where(q => !q.StartsWith("SELECT ", StringComparison.Ordinal)).ToList();
        Assert.Equal(schema.Statements, ddl);
        Assert.Equal(17, ddl.Count); // keyspace, 5 types, 11 tables
        Assert.StartsWith($"CREATE KEYSPACE IF NOT EXISTS {Keyspace} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': '1'}}", ddl[0], StringComparison.Ordinal);
        Assert.All(server.RequestsWith(FakeRequest.Query), q => Assert.Empty(ParsedParameters.OfQuery(q).Values));

        // After each DDL statement: system.local then system.peers until they agree (twice more after the first).
        for (var i = 0; i < ddl.Count; i++)
        {
            var at = queries.IndexOf(ddl[i]);
            var next = i + 1 < ddl.Count ? queries.IndexOf(ddl[i + 1]) : queries.Count;
            var polls = queries[(at + 1)..next];
            string[] poll = ["SELECT schema_version FROM system.local WHERE key='local'", "SELECT peer, schema_version FROM system.peers"];
            Assert.Equal(i == 0 ? [.. poll, .. poll, .. poll] : poll, polls);
        }

        Assert.Equal(ddl.Count + 2, server.SchemaQueries);
        Assert.Empty(server.HandlerErrors);
    }

    [Fact]
    public async Task Nodes_that_never_agree_fail_the_statement_with_a_timeout_naming_it()
    {
        using var cts = TestTimeout.Start();
        await using var server = new FakeCqlServer { SchemaVersions = _ => [s_new, s_old] };
        var schema = new CassandraSchema(new CassandraSchemaOptions { Keyspace = Keyspace });
        await using var session = new CqlCassandraSession(
            await CqlCluster.ConnectAsync(FakeCassandra.ClusterOptions(server) with { Keyspace = null }, cts.Token), TimeSpan.FromMilliseconds(600));

        var e = await Assert.ThrowsAsync<TimeoutException>(() => schema.CreateAsync(session, cts.Token));

        Assert.Equal($"the Cassandra nodes did not agree on the schema within 0.6 s after: CREATE KEYSPACE IF NOT EXISTS {Keyspace} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': '1'}};".TrimEnd(';'), e.Message.TrimEnd(';'));
        Assert.Single(server.RequestsWith(FakeRequest.Query), q => q.Cql.StartsWith("CREATE ", StringComparison.Ordinal));
    }

    /// <summary>A Schema_change result (spec §4.2.5.5) for a CREATE statement of the script.</summary>
    private static byte[] SchemaChange(string cql)
    {
        var words = cql.Split(' ', 7);
        var name = words[5].Trim().Split('.', '(')[^1];
        return words[1] switch
        {
            "KEYSPACE" => Responses.SchemaChangeBody("CREATED", "KEYSPACE", Keyspace),
            "TYPE" => Responses.SchemaChangeBody("CREATED", "TYPE", Keyspace, name),
            _ => Responses.SchemaChangeBody("CREATED", "TABLE", Keyspace, name),
        };
    }
}
