using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceBackend.Collector.Jaeger.Thrift;
using TraceBackend.Collector.Tests.Support;
using TraceBackend.Storage;
using static TraceBackend.Collector.Tests.Jaeger.Thrift.JaegerThriftTestData;

namespace TraceBackend.Collector.Tests.Jaeger.Thrift;

public sealed class JaegerThriftHttpEndpointTests : IAsyncLifetime
{
    private readonly RecordingTraceWriter _writer = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CollectorMetrics Metrics => _app!.Services.GetRequiredService<CollectorMetrics>();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _writer.Unblock();
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task<Uri> StartAsync(CollectorOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ITraceWriter>(_writer);
        builder.Services.AddTraceBackendCollector(options ?? new CollectorOptions());
        _app = builder.Build();
        _app.MapJaegerThriftHttp();
        await _app.StartAsync(Ct);
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new Uri(address, JaegerThriftEndpointRouteBuilderExtensions.TracesPath);
    }

    private static ByteArrayContent Body(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    private static async Task AssertText(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(message, await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("application/x-thrift", ThriftProtocol.Binary)]
    [InlineData("application/vnd.apache.thrift.binary", ThriftProtocol.Binary)]
    [InlineData("application/vnd.apache.thrift.compact", ThriftProtocol.Compact)]
    [InlineData("Application/X-Thrift; charset=binary", ThriftProtocol.Binary)]
    public async Task BatchIsStoredAndAnswered202Empty(string contentType, ThriftProtocol protocol)
    {
        var url = await StartAsync();

        using var response = await _client.PostAsync(url, Body(Batch(protocol, "http-svc", new SpanSpec(1), new SpanSpec(2, ParentSpanId: 1)), contentType), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(2, _writer.Spans.Count);
        Assert.All(_writer.Spans, s => Assert.Equal("http-svc", s.ServiceName));
        Assert.Equal(2, Metrics.Accepted(CollectorTransport.JaegerThriftHttp));
        Assert.Contains("tracebackend_receiver_accepted_spans_total{transport=\"jaeger_thrift_http\"} 2\n", Metrics.ToPrometheusText());
    }

    [Fact]
    public async Task MalformedBodyIs400WithOffset()
    {
        var url = await StartAsync();
        var bytes = Batch(ThriftProtocol.Binary, "svc", new SpanSpec(1));

        using var response = await _client.PostAsync(url, Body(bytes[..10], "application/x-thrift"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("cannot decode Thrift binary Batch: string/binary at byte offset 6 has size 3 but only 0 bytes are left", text);
        Assert.Equal(1, Metrics.RefusedRequests(CollectorTransport.JaegerThriftHttp, RefuseReason.Malformed));
        Assert.Empty(_writer.Spans);
    }

    [Fact]
    public async Task AllSpansRejectedIs400()
    {
        var url = await StartAsync();

        using var response = await _client.PostAsync(url, Body(Batch(ThriftProtocol.Binary, "svc", new SpanSpec(0)), "application/x-thrift"), Ct);

        await AssertText(response, HttpStatusCode.BadRequest, "all 1 spans rejected: span 0 of the batch: spanId must not be 0");
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task OtherContentTypesAre415(string? contentType)
    {
        var url = await StartAsync();

        using var response = await _client.PostAsync(url, Body([0], contentType), Ct);

        await AssertText(response, HttpStatusCode.UnsupportedMediaType,
            $"unsupported content type \"{contentType}\"; use application/x-thrift, application/vnd.apache.thrift.binary or application/vnd.apache.thrift.compact");
    }

    [Fact]
    public async Task GetIs405()
    {
        var url = await StartAsync();

        using var response = await _client.GetAsync(url, Ct);

        await AssertText(response, HttpStatusCode.MethodNotAllowed, "method GET is not allowed; use POST");
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task QueueFullIs429WithRetryAfter()
    {
        var url = await StartAsync(new CollectorOptions { QueueCapacitySpans = 10 });
        _writer.Block();
        var eight = Enumerable.Range(1, 8).Select(i => new SpanSpec(i)).ToArray();
        var first = _client.PostAsync(url, Body(Batch(ThriftProtocol.Binary, "svc", eight), "application/x-thrift"), Ct);
        await _writer.WaitForWriteStartAsync();
        var five = Enumerable.Range(100, 5).Select(i => new SpanSpec(i)).ToArray();

        using (var refused = await _client.PostAsync(url, Body(Batch(ThriftProtocol.Compact, "svc", five), "application/vnd.apache.thrift.compact"), Ct))
        {
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            await AssertText(refused, HttpStatusCode.TooManyRequests, "ingest queue is full; retry later");
        }

        _writer.Unblock();
        using var accepted = await first;
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(5, Metrics.RefusedSpans(CollectorTransport.JaegerThriftHttp, RefuseReason.QueueFull));
    }
}
