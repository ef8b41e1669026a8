using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceBackend.Collector.Jaeger.Thrift;
using TraceBackend.Collector.Tests.Support;
using TraceBackend.Storage;
using static TraceBackend.Collector.Tests.Jaeger.Thrift.JaegerThriftTestData;

namespace TraceBackend.Collector.Tests.Jaeger.Thrift;

public sealed class JaegerAgentUdpListenerTests : IAsyncLifetime
{
    private readonly RecordingTraceWriter _writer = new();
    private readonly UdpClient _udp = new(AddressFamily.InterNetwork);
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CollectorMetrics Metrics => _app!.Services.GetRequiredService<CollectorMetrics>();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _writer.Unblock();
        _udp.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private readonly CapturingLoggerProvider _logs = new();

    private async Task<(IPEndPoint Compact, IPEndPoint Binary)> StartAsync(CollectorOptions? options = null, int maxPacketBytes = JaegerAgentOptions.DefaultMaxPacketBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Services.AddSingleton<ITraceWriter>(_writer);
        builder.Services.AddTraceBackendCollector(options ?? new CollectorOptions());
        builder.Services.AddJaegerAgentUdp(new JaegerAgentOptions
        {
            CompactEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            BinaryEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ReceiveBufferBytes = 256 * 1024,
            MaxPacketBytes = maxPacketBytes,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        await _app.StartAsync(Ct);
        var listeners = _app.Services.GetServices<JaegerAgentUdpListener>().ToList();
        var compact = listeners.Single(l => l.Protocol == ThriftProtocol.Compact).LocalEndPoint!;
        var binary = listeners.Single(l => l.Protocol == ThriftProtocol.Binary).LocalEndPoint!;
        Assert.NotEqual(0, compact.Port);
        Assert.NotEqual(0, binary.Port);
        return (compact, binary);
    }

    private async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public async Task CompactAndBinaryDatagramsAreStored()
    {
        var (compact, binary) = await StartAsync();

        await _udp.SendAsync(EmitBatch(ThriftProtocol.Compact, "udp-compact", ThriftMessageType.Oneway, new SpanSpec(1), new SpanSpec(2)), compact, Ct);
        await _udp.SendAsync(EmitBatch(ThriftProtocol.Binary, "udp-binary", ThriftMessageType.Call, new SpanSpec(3, Full: true)), binary, Ct);

        await WaitForAsync(() => _writer.Spans.Count == 3);
        Assert.Equal(["udp-binary", "udp-compact", "udp-compact"], _writer.Spans.Select(s => s.ServiceName).Order());
        await WaitForAsync(() => Metrics.Accepted(CollectorTransport.JaegerUdp) == 3);
        Assert.Contains("tracebackend_receiver_accepted_spans_total{transport=\"jaeger_udp\"} 3\n", Metrics.ToPrometheusText());
    }

    [Fact]
    public async Task GarbageIsCountedAndTheListenerKeepsWorking()
    {
        var (compact, binary) = await StartAsync();
        var listeners = _app!.Services.GetServices<JaegerAgentUdpListener>().ToList();

        await _udp.SendAsync(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, compact, Ct);
        // A compact message sent to the binary port is malformed there.
        await _udp.SendAsync(EmitBatch(ThriftProtocol.Compact, "wrong-port", ThriftMessageType.Oneway, new SpanSpec(1)), binary, Ct);
        await WaitForAsync(() => listeners.Sum(l => l.MalformedDatagrams) == 2);
        Assert.Equal(2, Metrics.RefusedRequests(CollectorTransport.JaegerUdp, RefuseReason.Malformed));

        await _udp.SendAsync(EmitBatch(ThriftProtocol.Compact, "after", ThriftMessageType.Oneway, new SpanSpec(7)), compact, Ct);
        await _udp.SendAsync(EmitBatch(ThriftProtocol.Binary, "after", ThriftMessageType.Oneway, new SpanSpec(8)), binary, Ct);
        await WaitForAsync(() => _writer.Spans.Count == 2);
        Assert.All(_writer.Spans, s => Assert.Equal("after", s.ServiceName));
    }

    [Fact]
    public async Task OverlongDatagramsAreMalformedAndLoggedAtMostOncePerInterval()
    {
        var (compact, _) = await StartAsync(maxPacketBytes: 512);
        var listener = _app!.Services.GetServices<JaegerAgentUdpListener>().Single(l => l.Protocol == ThriftProtocol.Compact);

        await _udp.SendAsync(new byte[513], compact, Ct);
        await _udp.SendAsync(new byte[] { 0x82 }, compact, Ct);
        await _udp.SendAsync(new byte[] { 0x00 }, compact, Ct);
        await WaitForAsync(() => listener.MalformedDatagrams == 3);

        var logged = Assert.Single(_logs.Messages, m => m.Contains("malformed datagrams", StringComparison.Ordinal));
        Assert.Contains("1 malformed datagrams since the last report; last: datagram longer than 512 bytes", logged);
        await _udp.SendAsync(EmitBatch(ThriftProtocol.Compact, "ok", ThriftMessageType.Oneway, new SpanSpec(1)), compact, Ct);
        await WaitForAsync(() => _writer.Spans.Count == 1);
    }

    [Fact]
    public async Task QueueFullDropsTheBatchWithoutBlockingTheListener()
    {
        var (compact, _) = await StartAsync(new CollectorOptions { QueueCapacitySpans = 10 });
        _writer.Block();
        await _udp.SendAsync(EmitBatch(ThriftProtocol.Compact, "svc", ThriftMessageType.Oneway, [.. Enumerable.Range(1, 8).Select(i => new SpanSpec(i))]), compact, Ct);
        await _writer.WaitForWriteStartAsync();

        await _udp.SendAsync(EmitBatch(ThriftProtocol.Compact, "svc", ThriftMessageType.Oneway, [.. Enumerable.Range(100, 5).Select(i => new SpanSpec(i))]), compact, Ct);

        await WaitForAsync(() => Metrics.RefusedSpans(CollectorTransport.JaegerUdp, RefuseReason.QueueFull) == 5);
        _writer.Unblock();
        await WaitForAsync(() => _writer.Spans.Count == 8);
        await _udp.SendAsync(EmitBatch(ThriftProtocol.Compact, "svc", ThriftMessageType.Oneway, new SpanSpec(200)), compact, Ct);
        await WaitForAsync(() => _writer.Spans.Count == 9);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new JaegerAgentOptions { MaxPacketBytes = 70_000 }.Validate());
        Assert.Contains("Jaeger agent max packet size must be between 512 and 65507 bytes", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new JaegerAgentOptions { ReceiveBufferBytes = 10 }.Validate());
        Assert.Contains("Jaeger agent receive buffer must be between 1024 bytes and 1 GiB", ex.Message);
    }
}
