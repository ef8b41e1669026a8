using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceBackend.Collector.Pipeline;
using TraceBackend.Collector.Tests.Support;
using TraceBackend.Collector.Zipkin;
using TraceBackend.Model;
using TraceBackend.Otlp;
using TraceBackend.Storage;
using Zipkin.Proto3;

namespace TraceBackend.Collector.Tests.Zipkin;

public sealed class ZipkinHttpEndpointTests : IAsyncLifetime
{
    private const string Trace = "5b8efff798038103d269b633813fc60c";

    private readonly RecordingTraceWriter _writer = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private WebApplication? _app;
    private Uri? _base;

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

    /// <summary>Kestrel on 127.0.0.1:0 with Zipkin and OTLP/HTTP mapped; returns the Zipkin URL.</summary>
    private async Task<Uri> StartAsync(CollectorOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ITraceWriter>(_writer);
        builder.Services.AddTraceBackendCollector(options ?? new CollectorOptions());
        _app = builder.Build();
        _app.MapZipkinHttp();
        _app.MapOtlpHttp();
        await _app.StartAsync(Ct);
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new Uri(_base, ZipkinEndpointRouteBuilderExtensions.SpansPath);
    }

    private static string Spans(int count, int first = 1) => "[" + string.Join(",", Enumerable.Range(first, count).Select(i =>
        $$"""{"traceId":"{{Trace}}","id":"{{i:x16}}","name":"op{{i}}","timestamp":1700000000000000,"duration":10,"localEndpoint":{"serviceName":"svc"} }""")) + "]";

    private static ByteArrayContent Body(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    private static ByteArrayContent Json(string json, string? contentType = "application/json") => Body(Encoding.UTF8.GetBytes(json), contentType);

    private static async Task AssertText(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(message, await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON;charset=UTF-8")]
    [InlineData(null)]
    public async Task JsonSpansAreStoredAndAnswered202Empty(string? contentType)
    {
        var url = await StartAsync();

        using var response = await _client.PostAsync(url, Json(Spans(3), contentType), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(3, _writer.Spans.Count);
        Assert.All(_writer.Spans, s => Assert.Equal("svc", s.ServiceName));
        Assert.Equal(3, Metrics.Accepted(CollectorTransport.ZipkinHttp));
    }

    [Theory]
    [InlineData("application/x-protobuf")]
    [InlineData("application/protobuf")]
    public async Task ProtobufSpansAreStored(string contentType)
    {
        var url = await StartAsync();
        var list = new ListOfSpans();
        list.Spans.Add(new global::Zipkin.Proto3.Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(Trace)),
            Id = ByteString.CopyFrom(Convert.FromHexString("0102030405060708")),
            Name = "proto-op",
            Kind = global::Zipkin.Proto3.Span.Types.Kind.Server,
            Timestamp = 1_700_000_000_000_000,
            Duration = 5,
            LocalEndpoint = new Endpoint { ServiceName = "proto-svc" },
        });

        using var response = await _client.PostAsync(url, Body(list.ToByteArray(), contentType), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var span = Assert.Single(_writer.Spans);
        Assert.Equal(("proto-op", "proto-svc", SpanKind.Server), (span.Name, span.ServiceName, span.Kind));
        Assert.Contains("tracebackend_receiver_accepted_spans_total{transport=\"zipkin_http\"} 1\n", Metrics.ToPrometheusText());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("zlib")]
    [InlineData("deflate-raw")]
    public async Task CompressedBodiesAreInflated(string coding)
    {
        var url = await StartAsync();
        byte[] body;
        using (var output = new MemoryStream())
        {
            using (Stream compressor = coding switch
            {
                "gzip" => new GZipStream(output, CompressionLevel.Fastest),
                "deflate-raw" => new DeflateStream(output, CompressionLevel.Fastest),
                _ => new ZLibStream(output, CompressionLevel.Fastest),
            })
            {
                compressor.Write(Encoding.UTF8.GetBytes(Spans(4)));
            }

            body = output.ToArray();
        }

        var content = Body(body, "application/json");
        content.Headers.ContentEncoding.Add(coding == "deflate-raw" ? "deflate" : coding);
        using var response = await _client.PostAsync(url, content, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(4, _writer.Spans.Count);
    }

    [Fact]
    public async Task UndecodableBodiesAre400WithTheReason()
    {
        var url = await StartAsync();

        using var shape = await _client.PostAsync(url, Json("""[{"traceId":"01","id":"01","tags":{"http.status_code":200}}]"""), Ct);
        using var syntax = await _client.PostAsync(url, Json("[{"), Ct);
        using var proto = await _client.PostAsync(url, Body([0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x01], "application/x-protobuf"), Ct);
        // A gzip header followed by a deflate block of the reserved type 3.
        var corrupt = Body([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0x07, 0x00, 0x00, 0x00], "application/json");
        corrupt.Headers.ContentEncoding.Add("gzip");
        using var gzip = await _client.PostAsync(url, corrupt, Ct);

        await AssertText(shape, HttpStatusCode.BadRequest, "invalid Zipkin JSON: span 0: \"tags.http.status_code\" must be a string, got a number (200)");
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        Assert.StartsWith("invalid Zipkin JSON: ", await syntax.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("invalid Zipkin protobuf: ", await proto.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, gzip.StatusCode);
        Assert.StartsWith("invalid gzip body: ", await gzip.Content.ReadAsStringAsync(Ct));
        Assert.Empty(_writer.Spans);
        Assert.Equal(4, Metrics.RefusedRequests(CollectorTransport.ZipkinHttp, RefuseReason.Malformed));
    }

    [Fact]
    public async Task InvalidIdsRejectTheirSpansAndA400WhenNothingIsLeft()
    {
        var url = await StartAsync();
        var mixed = Spans(2).Replace("\"id\":\"0000000000000002\"", "\"id\":\"xyz\"");
        var allBad = Spans(1).Replace(Trace, "nothex");

        using var partial = await _client.PostAsync(url, Json(mixed), Ct);
        using var none = await _client.PostAsync(url, Json(allBad), Ct);

        Assert.Equal(HttpStatusCode.Accepted, partial.StatusCode);
        await AssertText(none, HttpStatusCode.BadRequest, "all 1 spans rejected: span 0: traceId \"nothex\" is not 1-32 hex digits");
        Assert.Equal(new SpanId(1), Assert.Single(_writer.Spans).SpanId);
        Assert.Equal(1, Metrics.Rejected(CollectorTransport.ZipkinHttp, RejectReason.InvalidSpanId));
        Assert.Equal(1, Metrics.Rejected(CollectorTransport.ZipkinHttp, RejectReason.InvalidTraceId));
    }

    [Fact]
    public async Task OtherContentTypesAndEncodingsAre415AndOtherMethods405()
    {
        var url = await StartAsync();

        using var text = await _client.PostAsync(url, new StringContent(Spans(1)), Ct);
        var brotli = Json(Spans(1));
        brotli.Headers.ContentEncoding.Add("br");
        using var br = await _client.PostAsync(url, brotli, Ct);
        using var get = await _client.GetAsync(url, Ct);

        await AssertText(text, HttpStatusCode.UnsupportedMediaType,
            "unsupported content type \"text/plain; charset=utf-8\"; use application/json or application/x-protobuf");
        await AssertText(br, HttpStatusCode.UnsupportedMediaType, "unsupported content encoding \"br\"; use gzip, deflate, zlib or identity");
        await AssertText(get, HttpStatusCode.MethodNotAllowed, "method GET is not allowed; use POST");
        Assert.Equal(["POST"], get.Content.Headers.Allow);
        Assert.Empty(_writer.Spans);
        Assert.Equal(2, Metrics.RefusedRequests(CollectorTransport.ZipkinHttp, RefuseReason.UnsupportedMediaType));
    }

    [Fact]
    public async Task OversizedAndBombBodiesAre413()
    {
        var url = await StartAsync(new CollectorOptions { HttpMaxBodyBytes = 64 * 1024 });
        byte[] bomb;
        using (var output = new MemoryStream())
        {
            using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
            {
                gzip.Write(new byte[4 * 1024 * 1024]);
            }

            bomb = output.ToArray();
        }

        Assert.True(bomb.Length < 64 * 1024, $"bomb is {bomb.Length} bytes");

        using var large = await _client.PostAsync(url, Json(new string(' ', 70 * 1024) + "[]"), Ct);
        var inflating = Body(bomb, "application/json");
        inflating.Headers.ContentEncoding.Add("gzip");
        using var inflated = await _client.PostAsync(url, inflating, Ct);

        await AssertText(large, HttpStatusCode.RequestEntityTooLarge, "request body exceeds 65536 bytes");
        await AssertText(inflated, HttpStatusCode.RequestEntityTooLarge, "decompressed request body exceeds 65536 bytes");
    }

    [Fact]
    public async Task QueueFullIs429WithRetryAfterThenRecovers()
    {
        var url = await StartAsync(new CollectorOptions { QueueCapacitySpans = 10 });
        _writer.Block();
        var first = _client.PostAsync(url, Json(Spans(8)), Ct);
        await _writer.WaitForWriteStartAsync();

        using (var refused = await _client.PostAsync(url, Json(Spans(5, first: 100)), Ct))
        {
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            await AssertText(refused, HttpStatusCode.TooManyRequests, "ingest queue is full; retry later");
        }

        Assert.False(first.IsCompleted);
        _writer.Unblock();
        using (var accepted = await first)
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var retried = await _client.PostAsync(url, Json(Spans(5, first: 100)), Ct);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(13, _writer.Spans.Count);
        Assert.Equal(5, Metrics.RefusedSpans(CollectorTransport.ZipkinHttp, RefuseReason.QueueFull));
    }

    [Fact]
    public async Task StorageFailureAndShutdownAre503WithRetryAfter()
    {
        var url = await StartAsync();
        _writer.FailNextWrites(1);

        using var failed = await _client.PostAsync(url, Json(Spans(1)), Ct);
        await _app!.Services.GetRequiredService<IngestPipeline>().StopAsync(Ct);
        using var stopping = await _client.PostAsync(url, Json(Spans(1)), Ct);

        Assert.NotNull(failed.Headers.RetryAfter);
        await AssertText(failed, HttpStatusCode.ServiceUnavailable, "storage write failed; retry later");
        Assert.NotNull(stopping.Headers.RetryAfter);
        await AssertText(stopping, HttpStatusCode.ServiceUnavailable, "collector is shutting down; retry later");
        Assert.Equal(1, Metrics.RefusedSpans(CollectorTransport.ZipkinHttp, RefuseReason.StorageError));
    }

    [Fact]
    public async Task SameTraceSentAsOtlpAndAsZipkinGivesEqualSpans()
    {
        var zipkinUrl = await StartAsync();
        const string otlp = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"frontend"}}]},
              "scopeSpans":[{"scope":{"name":"lib","version":"1.0"},"spans":[
                {"traceId":"0000000000000000463ac35c9f6413ad","spanId":"1111111111111111","name":"GET /","kind":2,
                 "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000250000000","traceState":"k=v",
                 "attributes":[{"key":"http.method","value":{"stringValue":"GET"}},{"key":"peer.service","value":{"stringValue":"backend"}},
                   {"key":"net.peer.ip","value":{"stringValue":"192.0.2.1"}},{"key":"net.peer.port","value":{"intValue":"8080"}}],
                 "events":[{"timeUnixNano":"1700000000100000000","name":"retry"}],
                 "status":{"code":2,"message":"boom"}},
                {"traceId":"0000000000000000463ac35c9f6413ad","spanId":"2222222222222222","parentSpanId":"1111111111111111","name":"query",
                 "kind":3,"startTimeUnixNano":"1700000000010000000","endTimeUnixNano":"1700000000020000000",
                 "attributes":[{"key":"db.system","value":{"stringValue":"postgresql"}}],"status":{"code":1}}]}]}]}
            """;
        const string zipkin = """
            [{"traceId":"463ac35c9f6413ad","id":"1111111111111111","name":"GET /","kind":"SERVER","timestamp":1700000000000000,"duration":250000,
              "localEndpoint":{"serviceName":"frontend"},"remoteEndpoint":{"serviceName":"backend","ipv4":"192.0.2.1","port":8080},
              "annotations":[{"timestamp":1700000000100000,"value":"retry"}],
              "tags":{"http.method":"GET","otel.library.name":"lib","otel.library.version":"1.0","w3c.tracestate":"k=v",
                      "otel.status_code":"ERROR","otel.status_description":"boom"}},
             {"traceId":"463ac35c9f6413ad","parentId":"1111111111111111","id":"2222222222222222","name":"query","kind":"CLIENT",
              "timestamp":1700000000010000,"duration":10000,"localEndpoint":{"serviceName":"frontend"},
              "tags":{"db.system":"postgresql","otel.library.name":"lib","otel.library.version":"1.0","otel.status_code":"OK"}}]
            """;

        using var viaOtlp = await _client.PostAsync(new Uri(_base!, "/v1/traces"), Json(otlp), Ct);
        Assert.Equal(HttpStatusCode.OK, viaOtlp.StatusCode);
        var fromOtlp = _writer.Spans.ToArray();
        using var viaZipkin = await _client.PostAsync(zipkinUrl, Json(zipkin), Ct);
        Assert.Equal(HttpStatusCode.Accepted, viaZipkin.StatusCode);
        var fromZipkin = _writer.Spans.Skip(fromOtlp.Length).ToArray();

        Assert.Equal(2, fromOtlp.Length);
        Assert.Equal(2, fromZipkin.Length);
        for (var i = 0; i < 2; i++)
        {
            ZipkinAssert.SpanEqual(fromOtlp[i], fromZipkin[i]);
        }
    }
}
