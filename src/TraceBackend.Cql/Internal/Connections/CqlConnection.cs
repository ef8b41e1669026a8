using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using TraceBackend.Cql.Internal.BackendMessages;
using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.FrontendMessages;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.Connections;

/// <summary>
/// One protocol v4 connection multiplexing concurrent requests by stream id (spec §2.3). Requests are written whole
/// under a lock; a single read loop scans reply frames and completes the request registered under the frame's
/// stream id, in whatever order replies come. Invariants: a stream id is reused only after its reply arrived or the
/// connection closed (a timed-out request keeps its id); once closed, a connection never opens again and every
/// waiting request fails with <see cref="CqlConnectionException"/>.
/// </summary>
internal sealed partial class CqlConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly StreamIdAllocator _streamIds;
    private readonly PendingRequest?[] _pending;
    private readonly CqlConnectionSettings _settings;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private int _closeState;
    private int _abandoned;

    /// <summary>STARTUP asked for lz4, so replies may arrive compressed (spec §5).</summary>
    private volatile bool _lz4;

    /// <summary>STARTUP with lz4 was answered: requests are sent compressed.</summary>
    private volatile bool _compressRequests;

    internal CqlConnection(CqlEndpoint endpoint, Stream stream, CqlConnectionSettings settings)
    {
        Endpoint = endpoint;
        _stream = stream;
        _settings = settings;
        _logger = settings.Logger;
        _streamIds = new StreamIdAllocator(settings.MaxStreams);
        _pending = new PendingRequest?[settings.MaxStreams];
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    public CqlEndpoint Endpoint { get; }

    public string Host => Endpoint.Name;

    /// <summary>Stream ids in use: requests waiting for a reply, including abandoned ones.</summary>
    public int InFlight => _streamIds.InUse;

    public bool IsOpen => Volatile.Read(ref _closeState) == 0;

    public bool Compressed => _compressRequests;

    /// <summary>Completes with the reason once the connection has closed.</summary>
    public Task<Exception> Closed => _closed.Task;

    /// <summary>Connects, runs the handshake (OPTIONS, STARTUP, authentication, USE) and returns a ready connection.</summary>
    public static async Task<CqlConnection> OpenAsync(CqlEndpoint endpoint, CqlConnectionSettings settings, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Options.ConnectTimeout);
        Stream? stream = null;
        CqlConnection? connection = null;
        try
        {
            stream = await CqlTransport.ConnectAsync(endpoint, settings, timeout.Token).ConfigureAwait(false);
            connection = new CqlConnection(endpoint, stream, settings);
            connection.Start();
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            Log.ConnectionOpened(settings.Logger, endpoint.Name, connection.Compressed);
            return connection;
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            if (ex is OperationCanceledException && !ct.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"connecting to {endpoint.Name} took longer than {settings.Options.ConnectTimeout.TotalMilliseconds:0} ms", ex);
            }

            throw;
        }
    }

    /// <summary>Sends a request and parses its reply; an ERROR reply is thrown as its typed exception.</summary>
    public async Task<BackendMessage> RequestAsync(
        IFrontendMessage message, CancellationToken ct, IReadOnlyList<CqlColumn>? resultColumns = null)
    {
        var frame = await SendAsync(message, ct).ConfigureAwait(false);
        var context = new ResponseContext(Host, _settings.Options.MissingKeyspaceHint, resultColumns);
        var reply = BackendMessageParser.Parse(frame, context, out var warnings);
        foreach (var warning in warnings)
        {
            Log.ServerWarning(_logger, Host, warning);
        }

        return reply is ErrorMessage error ? throw error.Exception : reply;
    }

    /// <summary>
    /// Sends one request frame and waits for the frame with the same stream id. Cancelling <paramref name="ct"/> makes
    /// this throw <see cref="OperationCanceledException"/> at once; a request already written keeps its stream id.
    /// </summary>
    public async Task<CqlFrame> SendAsync(IFrontendMessage message, CancellationToken ct)
    {
        using var serialized = CqlFrameWriter.Serialize(message);
        ThrowIfClosed();
        var streamId = await _streamIds.AcquireAsync(ct).ConfigureAwait(false);
        var request = new PendingRequest();
        Interlocked.Exchange(ref _pending[streamId], request);
        try
        {
            ThrowIfClosed();
            await WriteAsync(serialized, message.Opcode, streamId, ct).ConfigureAwait(false);
        }
        catch
        {
            // Nothing (whole) reached the server, so no reply will come: the id is free at once.
            if (Interlocked.CompareExchange(ref _pending[streamId], null, request) == request)
            {
                _streamIds.Release(streamId);
            }

            throw;
        }

        try
        {
            return await request.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Abandon(request);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close(new ObjectDisposedException(nameof(CqlConnection), "the client closed the connection"));
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The read loop ends with the close; its reason is already recorded.
        }
    }

    private void Start() => _readLoop = Task.Run(ReadLoopAsync);

    private async Task WriteAsync(CqlWriteBuffer serialized, CqlOpcode opcode, short streamId, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var frame = CqlFrameWriter.Complete(serialized, opcode, streamId, _compressRequests);
            // Once started, a frame is written whole whatever the caller's token does (a half-written frame would
            // kill the connection and every request on it); only a write stuck longer than a whole request may take
            // (or the connection's close, which disposes the stream) stops it.
            using var writeLimit = new CancellationTokenSource(_settings.Options.RequestTimeout);
            try
            {
                await _stream.WriteAsync(frame.WrittenMemory, writeLimit.Token).ConfigureAwait(false);
                await _stream.FlushAsync(writeLimit.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A partly written frame leaves the byte stream unusable.
                Close(ex);
                throw new CqlConnectionException(Host, ex, requestSent: false);
            }
            finally
            {
                if (!ReferenceEquals(frame, serialized))
                {
                    frame.Dispose();
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Abandon(PendingRequest request)
    {
        if (!request.TryAbandon())
        {
            return;
        }

        // Too many ids held by requests the server never answered: the connection is likely wedged.
        var abandoned = Interlocked.Increment(ref _abandoned);
        if (abandoned > _streamIds.Capacity * 3 / 4)
        {
            Close(new IOException($"{abandoned} requests on this connection got no reply"));
        }
    }

    private void ThrowIfClosed()
    {
        if (!IsOpen)
        {
            throw new CqlConnectionException(Host, _closed.Task.IsCompleted ? _closed.Task.Result : null, requestSent: false);
        }
    }
}
