using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>
/// One Jaeger agent UDP port: each datagram is an <c>Agent.emitBatch</c> message in one protocol (compact on
/// 6831, binary on 6832), decoded by <see cref="JaegerThriftDecoder"/> and submitted with
/// <see cref="TraceIngestService.IngestAsync"/> under <see cref="CollectorTransport.JaegerUdp"/> without waiting
/// for storage (UDP has no reply): a full queue drops the batch (counted as refused by the ingest service). A
/// malformed datagram is counted (refused, reason malformed) and logged at most once per
/// <see cref="MalformedLogInterval"/> with the count and the last reason; nothing stops the loop but host
/// shutdown. The socket is bound in <see cref="StartAsync"/>, so <see cref="LocalEndPoint"/> (the real port when
/// 0 was asked) is known once the host has started.
/// </summary>
public sealed class JaegerAgentUdpListener : BackgroundService
{
    public static readonly TimeSpan MalformedLogInterval = TimeSpan.FromSeconds(10);

    private readonly IPEndPoint _endpoint;
    private readonly int _receiveBufferBytes;
    private readonly int _maxPacketBytes;
    private readonly TraceIngestService _ingest;
    private readonly CollectorMetrics _metrics;
    private readonly JaegerThriftDecoder _decoder;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private Socket? _socket;
    private long _malformed;
    private long _malformedSinceLog;
    private long _lastMalformedLog = long.MinValue;

    internal JaegerAgentUdpListener(
        ThriftProtocol protocol, IPEndPoint endpoint, JaegerAgentOptions options, TraceIngestService ingest, CollectorMetrics metrics,
        KeyInterner keys, ILogger<JaegerAgentUdpListener> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Protocol = protocol;
        _endpoint = endpoint;
        _receiveBufferBytes = options.ReceiveBufferBytes;
        _maxPacketBytes = options.MaxPacketBytes;
        _ingest = ingest;
        _metrics = metrics;
        _decoder = new JaegerThriftDecoder(keys);
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public ThriftProtocol Protocol { get; }

    /// <summary>The bound address and port; null before <see cref="StartAsync"/>.</summary>
    public IPEndPoint? LocalEndPoint => (IPEndPoint?)_socket?.LocalEndPoint;

    /// <summary>Datagrams that could not be decoded since start.</summary>
    public long MalformedDatagrams => Interlocked.Read(ref _malformed);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(_endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = _receiveBufferBytes;
            socket.Bind(_endpoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _socket?.Dispose();
        }
    }

    public override void Dispose()
    {
        _socket?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var socket = _socket ?? throw new InvalidOperationException("the Jaeger agent socket is not bound; StartAsync was not called");
        var port = LocalEndPoint?.Port ?? 0;
        // One byte more than the limit, so an over-long datagram is seen as such instead of silently truncated.
        var buffer = GC.AllocateUninitializedArray<byte>(_maxPacketBytes + 1);
        EndPoint any = new IPEndPoint(_endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stoppingToken.IsCancellationRequested)
        {
            int length;
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
                length = received.ReceivedBytes;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset)
            {
                // Windows reports an over-long datagram or an ICMP port-unreachable this way; keep listening.
                CountMalformed(port, $"receive error {ex.SocketErrorCode}");
                continue;
            }
            catch (SocketException ex)
            {
                JaegerThriftLog.ReceiveFailed(_logger, port, Protocol, ex);
                return;
            }

            Handle(port, buffer.AsMemory(0, length), stoppingToken);
        }
    }

    private void Handle(int port, ReadOnlyMemory<byte> datagram, CancellationToken stoppingToken)
    {
        if (datagram.Length > _maxPacketBytes)
        {
            CountMalformed(port, $"datagram longer than {_maxPacketBytes} bytes");
            return;
        }

        OtlpConversionResult converted;
        try
        {
            converted = _decoder.DecodeEmitBatch(datagram, Protocol);
        }
        catch (ThriftDecodeException ex)
        {
            CountMalformed(port, ex.Message);
            return;
        }

        if (converted.Spans.Count == 0 && converted.RejectedSpans == 0)
        {
            return;
        }

        var pending = _ingest.IngestAsync(converted, CollectorTransport.JaegerUdp, stoppingToken);
        if (pending.IsCompletedSuccessfully)
        {
            Report(port, converted, pending.Result);
        }
        else
        {
            _ = ObserveAsync(port, converted, pending);
        }
    }

    private async Task ObserveAsync(int port, OtlpConversionResult converted, ValueTask<IngestResult> pending)
    {
        try
        {
            Report(port, converted, await pending.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Host shutdown: the write goes on; nobody is waiting for the answer.
        }
    }

    private void Report(int port, OtlpConversionResult converted, IngestResult result)
    {
        if (result != IngestResult.Stored)
        {
            JaegerThriftLog.Dropped(_logger, port, Protocol, converted.Spans.Count, result);
        }
        else if (converted.RejectedSpans > 0)
        {
            JaegerThriftLog.PartiallyRejected(_logger, converted.RejectedSpans, converted.Spans.Count, converted.ErrorMessage);
        }
    }

    private void CountMalformed(int port, string reason)
    {
        Interlocked.Increment(ref _malformed);
        _metrics.AddRefused(CollectorTransport.JaegerUdp, RefuseReason.Malformed, 0);
        var count = Interlocked.Increment(ref _malformedSinceLog);
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastMalformedLog);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < MalformedLogInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastMalformedLog, now, last) == last)
        {
            Interlocked.Add(ref _malformedSinceLog, -count);
            JaegerThriftLog.Malformed(_logger, port, Protocol, count, reason);
        }
    }
}
