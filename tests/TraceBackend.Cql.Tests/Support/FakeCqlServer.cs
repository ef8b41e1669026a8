using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using K4os.Compression.LZ4;

namespace TraceBackend.Cql.Tests.Support;

/// <summary>
/// A loopback server speaking protocol v4 frames (after npgsql's PgServerMock): it accepts real TCP connections on
/// 127.0.0.1 (optionally TLS), reads request frames, records them, and answers through <see cref="Handler"/> (when it
/// returns true) or the default script: OPTIONS → SUPPORTED, STARTUP → READY/AUTHENTICATE, AUTH_RESPONSE checks PLAIN,
/// USE → Set_keyspace or the missing-keyspace error, schema-version queries, PREPARE of <see cref="Define"/>d
/// statements, EXECUTE/BATCH → Void or Unprepared for ids this "node" has not prepared.
/// </summary>
internal sealed partial class FakeCqlServer : IAsyncDisposable
{
    public const string PasswordAuthenticator = "org.apache.cassandra.auth.PasswordAuthenticator";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<FakeConnection> _connections = [];
    private readonly List<Task> _serving = [];
    private readonly X509Certificate2? _certificate;
    private readonly Task _accepting;
    private readonly ConcurrentDictionary<string, (byte[] Id, byte[] Body)> _statements = new();
    private int _connectionCount;
    private int _schemaQueries;

    public FakeCqlServer(X509Certificate2? certificate = null, int port = 0)
    {
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptLoopAsync();
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public ConcurrentQueue<Exception> HandlerErrors { get; } = new();

    /// <summary>Custom answers: return true when the request was handled (answered or deliberately left unanswered).</summary>
    public Func<FakeRequest, Task<bool>>? Handler { get; set; }

    public string[] Compression { get; set; } = ["lz4", "snappy"];

    public bool CompressResponses { get; set; } = true;

    public string? Authenticator { get; set; }

    public string Username { get; set; } = "cassandra";

    public string Password { get; set; } = "cassandra";

    /// <summary>Keyspaces that USE accepts; null accepts any.</summary>
    public HashSet<string>? Keyspaces { get; set; }

    /// <summary>For the n-th system.local query (0-based): [local version, peer versions…].</summary>
    public Func<int, Guid[]> SchemaVersions { get; set; } = _ => [new Guid("5a6f7e1c-0000-1000-8000-000000000001")];

    /// <summary>Ids (hex) this node has prepared; clear it to simulate a restart.</summary>
    public ConcurrentDictionary<string, bool> PreparedIds { get; } = new();

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public int SchemaQueries => Volatile.Read(ref _schemaQueries);

    public IReadOnlyList<FakeConnection> Connections
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>A port on 127.0.0.1 that refuses connections (listened on, then closed).</summary>
    public static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public IEnumerable<FakeRequest> RequestsWith(byte opcode) => Requests.Where(r => r.Opcode == opcode);

    /// <summary>Makes PREPARE of <paramref name="cql"/> answer with this id and metadata.</summary>
    public void Define(
        string cql,
        byte[] id,
        IReadOnlyList<(string Name, CqlType Type)> variables,
        IReadOnlyList<(string Name, CqlType Type)>? resultColumns = null,
        params int[] pkIndices) =>
        _statements[cql] = (id, Responses.PreparedBody(id, variables, resultColumns ?? [], pkIndices));

    /// <summary>Drops every open connection (RST) while still accepting new ones.</summary>
    public void DropConnections()
    {
        foreach (var connection in Connections)
        {
            connection.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        Task[] serving;
        lock (_serving)
        {
            serving = [.. _serving];
        }

        await Task.WhenAll(serving.Append(_accepting)).WaitAsync(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            var index = Interlocked.Increment(ref _connectionCount) - 1;
            lock (_serving)
            {
                _serving.Add(ServeAsync(socket, index));
            }
        }
    }

    private async Task ServeAsync(Socket socket, int index)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (_certificate is not null)
            {
                var ssl = new SslStream(stream);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
            }

            var connection = new FakeConnection(this, socket, stream, index);
            lock (_connections)
            {
                _connections.Add(connection);
            }

            var header = new byte[9];
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var reader = new SpecReader(header);
                var (version, flags, streamId, opcode, length) = (reader.Byte(), reader.Byte(), (short)reader.Short(), reader.Byte(), reader.Int());
                var body = new byte[length];
                await stream.ReadExactlyAsync(body, _stop.Token);
                var compressed = (flags & 0x01) != 0;
                if (compressed)
                {
                    var uncompressed = new byte[new SpecReader(body).Int()];
                    LZ4Codec.Decode(body.AsSpan(4), uncompressed);
                    body = uncompressed;
                }

                var request = new FakeRequest(connection, version, flags, streamId, opcode, body, compressed);
                Requests.Enqueue(request);
                try
                {
                    if (Handler is null || !await Handler(request))
                    {
                        await AnswerAsync(request);
                    }
                }
                catch (Exception ex)
                {
                    HandlerErrors.Enqueue(ex);
                }
            }
        }
        catch (Exception)
        {
            // The client closed the connection, the test dropped it, or the server stopped.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }
}
