using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceBackend.Collector;
using TraceBackend.Cql.Tests.Support;
using TraceBackend.Host;
using TraceBackend.Host.Listeners;
using TraceBackend.Host.Options;
using TraceBackend.Storage.Cassandra.Tests.Wire;

namespace TraceBackend.EndToEnd.Tests.Cassandra;

/// <summary>
/// An all-in-one backend on loopback started with <c>--storage cassandra --cassandra-servers</c> pointing at a
/// <see cref="FakeCqlServer"/> that answers as one node holding schema v004 in <see cref="Keyspace"/>: USE of that
/// keyspace only, PREPARE of every statement the store sends (<see cref="V004Statements"/>), unprepared DDL and
/// EXECUTE/BATCH with Void (DDL then behaves as <c>IF NOT EXISTS</c> on an existing schema). While
/// <see cref="WriteError"/> returns a body for a write, that write is answered with that ERROR instead. The
/// dependencies job is off, so every request the node sees comes from start-up or from the test.
/// </summary>
internal sealed class CassandraBackend : IAsyncDisposable
{
    private readonly ConcurrentDictionary<FakeRequest, bool> _refused = new(ReferenceEqualityComparer.Instance);
    private volatile Func<V004Statement, byte[]?>? _writeError;
    private TraceBackendApp? _app;

    private CassandraBackend(string keyspace)
    {
        Keyspace = keyspace;
        Statements = new V004Statements(keyspace);
        Server = new FakeCqlServer { Keyspaces = [keyspace] };
        Statements.DefineOn(Server);
        Server.Handler = AnswerWriteAsync;
    }

    public string Keyspace { get; }

    public FakeCqlServer Server { get; }

    public V004Statements Statements { get; }

    public TraceBackendApp App => _app ?? throw new InvalidOperationException("not started");

    public CollectorMetrics Metrics => App.Services.GetRequiredService<CollectorMetrics>();

    public Uri OtlpGrpcBase => Url(ListenerNames.OtlpGrpc);

    public Uri OtlpHttpBase => Url(ListenerNames.OtlpHttp);

    /// <summary>
    /// The ERROR body (spec §9) to answer an EXECUTE (of the statement) or BATCH (of its first statement) with, or
    /// null to store it; null (the default) stores every write.
    /// </summary>
    public Func<V004Statement, byte[]?>? WriteError
    {
        get => _writeError;
        set => _writeError = value;
    }

    /// <summary>The loopback options with <c>--storage cassandra</c> on <paramref name="server"/>, no dependencies job, then <paramref name="extraArgs"/>.</summary>
    public static TraceBackendOptions Options(FakeCqlServer server, params string[] extraArgs) =>
        BackendFixture.LoopbackOptions(["--storage", "cassandra", "--cassandra-servers", server.Address, "--dependencies-job", "false", .. extraArgs]);

    /// <summary>Starts the node, then the app with <c>--cassandra-keyspace <paramref name="keyspace"/></c> and <paramref name="extraArgs"/>.</summary>
    public static async Task<CassandraBackend> StartAsync(string keyspace, CancellationToken cancellationToken, params string[] extraArgs)
    {
        var backend = new CassandraBackend(keyspace);
        try
        {
            var options = Options(backend.Server, ["--cassandra-keyspace", keyspace, .. extraArgs]);
            backend._app = await TraceBackendApp.CreateAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), cancellationToken);
            await backend._app.StartAsync(cancellationToken);
            return backend;
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Whether this connection is over: the client closed it, so the server's read loop met the end of the stream and
    /// disposed its socket (the loop does nothing else on a connection nobody dropped).
    /// </summary>
    public static bool IsClosed(FakeConnection connection) => ((NetworkStream)connection.Stream).Socket.SafeHandle.IsClosed;

    /// <summary>
    /// Every statement written by EXECUTE or BATCH, in arrival order, with its bound values decoded by the types the
    /// node reported at PREPARE (<see cref="WireValues.DecodeAll"/>); an id the node never prepared throws.
    /// </summary>
    public IReadOnlyList<CqlWrite> Writes()
    {
        var writes = new List<CqlWrite>();
        foreach (var request in Server.Requests)
        {
            var refused = _refused.ContainsKey(request);
            if (request.Opcode == FakeRequest.Execute)
            {
                var statement = Statements.ById(request.ExecuteId) ?? throw new InvalidDataException("EXECUTE of an id the node never prepared");
                writes.Add(new CqlWrite(statement.Name, "execute", WireValues.DecodeAll(statement, ParsedParameters.OfExecute(request).Values), refused));
            }
            else if (request.Opcode == FakeRequest.Batch)
            {
                var batch = ParsedBatch.Of(request);
                foreach (var (id, values) in batch.Entries)
                {
                    var statement = Statements.ById(id) ?? throw new InvalidDataException("BATCH of an id the node never prepared");
                    writes.Add(new CqlWrite(statement.Name, $"batch[{batch.Entries.Count}]", WireValues.DecodeAll(statement, values), refused));
                }
            }
        }

        return writes;
    }

    /// <summary>The rows of <paramref name="statement"/> the node stored (answered Void), in arrival order.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Stored(string statement) =>
        [.. Writes().Where(w => w.Statement == statement && !w.Refused).Select(w => w.Values)];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    private Uri Url(string listener) => new($"http://{IPAddress.Loopback}:{App.Endpoints[listener].Port}/");

    private async Task<bool> AnswerWriteAsync(FakeRequest request)
    {
        if (request.Opcode is not (FakeRequest.Execute or FakeRequest.Batch) || _writeError is not { } error)
        {
            return false;
        }

        var id = request.Opcode == FakeRequest.Execute ? request.ExecuteId : ParsedBatch.Of(request).Entries[0].Id;
        if (Statements.ById(id) is not { } statement || error(statement) is not { } body)
        {
            return false;
        }

        _refused[request] = true;
        await request.ReplyAsync(Responses.Error, body);
        return true;
    }
}
