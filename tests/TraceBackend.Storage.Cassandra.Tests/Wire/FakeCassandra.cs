using TraceBackend.Cql;
using TraceBackend.Cql.Tests.Support;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// The real stack on a loopback fake node: <see cref="CassandraTraceStore"/> → <see cref="CqlCassandraSession"/> →
/// <see cref="CqlCluster"/> (keyspace option, so every connection runs USE) → frames on a socket → a
/// <see cref="FakeCqlServer"/> that prepares the v004 statements (<see cref="V004Statements"/>). Requests the test does
/// not answer in <see cref="OnRequest"/> get the server's default script (EXECUTE and BATCH → Void).
/// </summary>
internal sealed class FakeCassandra : IAsyncDisposable
{
    public const string Keyspace = "jaeger_v1_test";

    private FakeCassandra(FakeCqlServer server, V004Statements statements)
    {
        Server = server;
        Statements = statements;
        server.Handler = async request =>
        {
            var statement = request.Opcode switch
            {
                FakeRequest.Execute => statements.ById(request.ExecuteId),
                FakeRequest.Batch => statements.ById(ParsedBatch.Of(request).Entries[0].Id),
                _ => null,
            };
            return statement is not null && OnRequest is { } handler && await handler(statement, request);
        };
    }

    public FakeCqlServer Server { get; }

    public V004Statements Statements { get; }

    public CqlCassandraSession Session { get; private set; } = null!;

    public CassandraTraceStore Store { get; private set; } = null!;

    /// <summary>Custom answers to EXECUTE (the statement executed) and BATCH (its first statement); true = answered.</summary>
    public Func<V004Statement, FakeRequest, Task<bool>>? OnRequest { get; set; }

    public static CqlClusterOptions ClusterOptions(FakeCqlServer server) => new()
    {
        ContactPoints = [server.Address],
        Keyspace = Keyspace,
        ConnectionsPerHost = 1,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RequestTimeout = TimeSpan.FromSeconds(5),
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
    };

    public static async Task<FakeCassandra> StartAsync(CancellationToken ct, CassandraStoreOptions? options = null)
    {
        var statements = new V004Statements(Keyspace);
        var server = new FakeCqlServer { Keyspaces = [Keyspace] };
        statements.DefineOn(server);
        var fake = new FakeCassandra(server, statements);
        try
        {
            fake.Session = new CqlCassandraSession(await CqlCluster.ConnectAsync(ClusterOptions(server), ct));
            fake.Store = new CassandraTraceStore(fake.Session, (options ?? new CassandraStoreOptions()) with { Keyspace = Keyspace });
            return fake;
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    /// <summary>The PREPARE texts received, in order.</summary>
    public IReadOnlyList<string> Prepared => [.. Server.RequestsWith(FakeRequest.Prepare).Select(r => r.Cql)];

    /// <summary>Every EXECUTE of <paramref name="statementName"/>, in arrival order.</summary>
    public IReadOnlyList<FakeRequest> Executes(string statementName) =>
        [.. Server.RequestsWith(FakeRequest.Execute).Where(r => r.ExecuteId.AsSpan().SequenceEqual(Statements[statementName].Id))];

    /// <summary>
    /// Every statement written by EXECUTE or BATCH, in arrival order: its name, how it was sent ("execute" or
    /// "batch[n]"), and the bound values decoded by its variables' types.
    /// </summary>
    public IReadOnlyList<(string Statement, string SentAs, IReadOnlyList<object?> Values)> Writes()
    {
        var writes = new List<(string, string, IReadOnlyList<object?>)>();
        foreach (var request in Server.Requests)
        {
            if (request.Opcode == FakeRequest.Execute)
            {
                var statement = Statements.ById(request.ExecuteId) ?? throw new InvalidDataException("EXECUTE of an unknown id");
                writes.Add((statement.Name, "execute", WireValues.DecodeAll(statement, ParsedParameters.OfExecute(request).Values)));
            }
            else if (request.Opcode == FakeRequest.Batch)
            {
                var batch = ParsedBatch.Of(request);
                foreach (var (id, values) in batch.Entries)
                {
                    var statement = Statements.ById(id) ?? throw new InvalidDataException("BATCH of an unknown id");
                    writes.Add((statement.Name, $"batch[{batch.Entries.Count}]", WireValues.DecodeAll(statement, values)));
                }
            }
        }

        return writes;
    }

    /// <summary>Answers <paramref name="request"/> with a Rows result of <paramref name="statement"/>'s columns.</summary>
    public static Task ReplyRowsAsync(FakeRequest request, V004Statement statement, IEnumerable<object?[]> rows, byte[]? pagingState = null) =>
        request.ReplyAsync(
            Responses.Result,
            Responses.RowsBody(
                statement.Columns,
                [.. rows.Select(row => row.Select((value, i) => WireValues.Encode(statement.Columns[i].Type, value)).ToArray())],
                pagingState));

    public async ValueTask DisposeAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        if (Session is not null)
        {
            await Session.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
