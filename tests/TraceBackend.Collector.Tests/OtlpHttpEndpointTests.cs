using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Collector.Pipeline;
using TraceBackend.Collector.Tests.Support;

namespace TraceBackend.Collector.Tests;

public sealed class OtlpHttpEndpointTests : IAsyncLifetime
{
    private const string TraceHex = "5b8efff798038103d269b633813fc60c";

    private readonly RecordingTraceWriter _writer = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private CollectorServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _writer.Unblock();
        _client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<Uri> StartAsync(CollectorOptions? options = null)
    {
        _server = await CollectorServer.StartAsync(_writer, options);
        return new Uri(_server.Address, "/v1/traces");
    }

    private static ByteArrayContent Protobuf(byte[] body, string contentType = "application/x-protobuf")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent Json(string json) => Protobuf(Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8");

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task ProtobufExportIsStoredAndAcknowledged()
    {
        var url = await StartAsync();

        using var response = await _client.PostAsync(url, Protobuf(TestData.Request(3).ToByteArray()), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Null(body.PartialSuccess);
        Assert.Equal(3, _writer.Spans.Count);
        Assert.Equal(3, _server!.Metrics.Accepted(CollectorTransport.Http));
    }

    [Fact]
    public async Task ProtobufPartialSuccessReportsRejectedSpans()
    {
        var url = await StartAsync();
        var request = TestData.Request(3);
        request.ResourceSpans[0].ScopeSpans[0].Spans[1].TraceId = ByteString.CopyFrom(1, 2, 3, 4, 5);

        using var response = await _client.PostAsync(url, Protobuf(request.ToByteArray(), "application/protobuf"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(1, body.PartialSuccess.RejectedSpans);
        Assert.Equal("span 1 of scope 0 of resource 0: trace_id must be 16 bytes, got 5", body.PartialSuccess.ErrorMessage);
        Assert.Equal(2, _writer.Spans.Count);
    }

    [Fact]
    public async Task JsonExportAnswersJson()
    {
        var url = await StartAsync();
        var ok = $$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"{{TraceHex}}","spanId":"0102030405060708","name":"a","kind":"SPAN_KIND_SERVER"}]}]}]}""";
        var partial = ok.Replace("\"name\":\"a\"", "\"name\":\"a\"},{\"traceId\":\"abcd\",\"spanId\":\"0102030405060708\"");

        using var full = await _client.PostAsync(url, Json(ok), Ct);
        using var some = await _client.PostAsync(url, Json(partial), Ct);

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("application/json", full.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await full.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, some.StatusCode);
        Assert.Equal(
            """{"partialSuccess":{"rejectedSpans":"1","errorMessage":"span 1 of scope 0 of resource 0: trace_id must be 16 bytes, got 2"}}""",
            await some.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, _writer.Spans.Count);
        Assert.All(_writer.Spans, s => Assert.Equal("missing-service-name", s.ServiceName));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("deflate-raw")]
    public async Task CompressedBodiesAreInflated(string coding)
    {
        var url = await StartAsync();
        var raw = TestData.Request(4).ToByteArray();
        byte[] body;
        using (var output = new MemoryStream())
        {
            using (Stream compressor = coding switch
            {
                "gzip" => new GZipStream(output, CompressionLevel.Fastest),
                "deflate" => new ZLibStream(output, CompressionLevel.Fastest),
                _ => new DeflateStream(output, CompressionLevel.Fastest),
            })
            {
                compressor.Write(raw);
            }

            body = output.ToArray();
        }

        var content = Protobuf(body);
        content.Headers.ContentEncoding.Add(coding == "gzip" ? "gzip" : "deflate");
        using var response = await _client.PostAsync(url, content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, _writer.Spans.Count);
    }

    [Fact]
    public async Task GarbageProtobufIs400WithStatusMessage()
    {
        var url = await StartAsync();

        using var response = await _client.PostAsync(url, Protobuf([0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var status = RpcStatus.Parse(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(3, status.Code);
        Assert.StartsWith("invalid OTLP protobuf: ", status.Message);
        Assert.Empty(_writer.Spans);
        Assert.Equal(1, _server!.Metrics.RefusedRequests(CollectorTransport.Http, RefuseReason.Malformed));
    }

    [Fact]
    public async Task InvalidJsonIs400WithJsonStatus()
    {
        var url = await StartAsync();

        using var response = await _client.PostAsync(url, Json("""{"resourceSpans":[{"scopeSpans":{}}]}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(3, doc.RootElement.GetProperty("code").GetInt32());
        Assert.StartsWith("invalid OTLP JSON at $.resourceSpans[0].scopeSpans ", doc.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnsupportedContentTypeOrEncodingIs415AndOtherMethodsAre405()
    {
        var url = await StartAsync();

        using var text = await _client.PostAsync(url, new StringContent("hello"), Ct);
        var brotli = Protobuf(TestData.Request(1).ToByteArray());
        brotli.Headers.ContentEncoding.Add("br");
        using var br = await _client.PostAsync(url, brotli, Ct);
        using var get = await _client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Contains("unsupported content type \"text/plain; charset=utf-8\"", await text.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, br.StatusCode);
        Assert.Equal("unsupported content encoding \"br\"; use gzip, deflate or identity", RpcStatus.Parse(await br.Content.ReadAsByteArrayAsync(Ct)).Message);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Contains("POST", get.Content.Headers.Allow);
        Assert.Empty(_writer.Spans);
    }

    [Fact]
    public async Task OversizedBodyIs413ByContentLength()
    {
        var url = await StartAsync();

        using var response = await _client.PostAsync(url, Protobuf(new byte[CollectorOptions.DefaultHttpMaxBodyBytes + 1]), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request body exceeds 8388608 bytes", RpcStatus.Parse(await response.Content.ReadAsByteArrayAsync(Ct)).Message);
    }

    [Fact]
    public async Task OversizedChunkedBodyIs413WhileReading()
    {
        var url = await StartAsync(new CollectorOptions { HttpMaxBodyBytes = 64 * 1024 });
        var content = new StreamContent(new MemoryStream(new byte[200 * 1024]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request body exceeds 65536 bytes", RpcStatus.Parse(await response.Content.ReadAsByteArrayAsync(Ct)).Message);
    }

    [Fact]
    public async Task GzipBombIs413WithoutInflatingItAll()
    {
        var url = await StartAsync();
        var bomb = Gzip(new byte[50 * 1024 * 1024]);
        Assert.True(bomb.Length < 1024 * 1024);
        var content = Protobuf(bomb);
        content.Headers.ContentEncoding.Add("gzip");

        var watch = Stopwatch.StartNew();
        using var response = await _client.PostAsync(url, content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("decompressed request body exceeds 8388608 bytes", RpcStatus.Parse(await response.Content.ReadAsByteArrayAsync(Ct)).Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task CorruptGzipIs400()
    {
        var url = await StartAsync();
        var gz = Gzip(TestData.Request(2).ToByteArray());
        gz[12] ^= 0xFF;
        gz[13] ^= 0xFF;
        var content = Protobuf(gz[..^4]);
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await _client.PostAsync(url, content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("invalid gzip body: ", RpcStatus.Parse(await response.Content.ReadAsByteArrayAsync(Ct)).Message);
    }

    [Fact]
    public async Task QueueFullIs429WithRetryAfterThenRecovers()
    {
        var url = await StartAsync(new CollectorOptions { QueueCapacitySpans = 10 });
        _writer.Block();
        var first = _client.PostAsync(url, Protobuf(TestData.Request(8).ToByteArray()), Ct);
        await _writer.WaitForWriteStartAsync();

        using (var refused = await _client.PostAsync(url, Protobuf(TestData.Request(5, first: 100).ToByteArray()), Ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            var status = RpcStatus.Parse(await refused.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal((8, "ingest queue is full; retry later"), (status.Code, status.Message));
        }

        Assert.False(first.IsCompleted);
        _writer.Unblock();
        using (var accepted = await first)
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var retried = await _client.PostAsync(url, Protobuf(TestData.Request(5, first: 100).ToByteArray()), Ct);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(13, _writer.Spans.Count);
        Assert.Equal(5, _server!.Metrics.RefusedSpans(CollectorTransport.Http, RefuseReason.QueueFull));
    }

    [Fact]
    public async Task StorageFailureIs503WithRetryAfter()
    {
        var url = await StartAsync();
        _writer.FailNextWrites(1);

        using var response = await _client.PostAsync(url, Json("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0102030405060708"}]}]}]}"""), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("\"code\":14", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ShuttingDownIs503WithRetryAfter()
    {
        var url = await StartAsync();
        await _server!.Services.GetRequiredService<IngestPipeline>().StopAsync(Ct);

        using var response = await _client.PostAsync(url, Protobuf(TestData.Request(1).ToByteArray()), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("collector is shutting down; retry later", RpcStatus.Parse(await response.Content.ReadAsByteArrayAsync(Ct)).Message);
        Assert.Equal(1, _server.Metrics.RefusedSpans(CollectorTransport.Http, RefuseReason.ShuttingDown));
    }

    [Fact]
    public async Task MetricsCountHttpTraffic()
    {
        var url = await StartAsync();
        using var ok = await _client.PostAsync(url, Protobuf(TestData.Request(2).ToByteArray()), Ct);
        using var bad = await _client.PostAsync(url, Json("nope"), Ct);

        var text = _server!.Metrics.ToPrometheusText();

        Assert.Contains("tracebackend_receiver_accepted_spans_total{transport=\"http\"} 2\n", text);
        Assert.Contains("tracebackend_receiver_refused_requests_total{transport=\"http\",reason=\"malformed\"} 1\n", text);
        Assert.Contains("tracebackend_storage_written_spans_total 2\n", text);
        Assert.Contains("tracebackend_ingest_queue_capacity_spans 50000\n", text);
    }

    [Fact]
    public async Task Cors_is_disabled_by_default()
    {
        var url = await StartAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", "http://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var answer = await _client.SendAsync(preflight, TestContext.Current.CancellationToken);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task CorsPreflightAndResponseHeaders()
    {
        var url = await StartAsync(new CollectorOptions { CorsAllowedOrigins = ["*"] });
        using var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", "http://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-custom");

        using var answer = await _client.SendAsync(preflight, Ct);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("content-type,x-custom", string.Join(",", answer.Headers.GetValues("Access-Control-Allow-Headers")));
        Assert.Equal("7200", answer.Headers.GetValues("Access-Control-Max-Age").Single());

        using var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = Protobuf(TestData.Request(1).ToByteArray()) };
        post.Headers.Add("Origin", "http://app.example");
        using var posted = await _client.SendAsync(post, Ct);
        Assert.Equal("*", posted.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task CorsEchoesConfiguredOriginsAndIgnoresOthers()
    {
        var url = await StartAsync(new CollectorOptions { CorsAllowedOrigins = ["https://ui.example.com", "https://*.corp.example"] });

        async Task<HttpResponseMessage> Preflight(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, url);
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            return await _client.SendAsync(request, Ct);
        }

        using var exact = await Preflight("https://ui.example.com");
        using var wildcard = await Preflight("https://a.corp.example");
        using var denied = await Preflight("https://evil.example");

        Assert.Equal("https://ui.example.com", exact.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Origin", exact.Headers.Vary);
        Assert.Equal("https://a.corp.example", wildcard.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.NoContent, denied.StatusCode);
        Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
