using Microsoft.Extensions.Logging;
using TraceBackend.Collector.Http;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Zipkin;

/// <summary>
/// Zipkin v2 <c>POST /api/v2/spans</c>, as the OpenTelemetry Collector's zipkin receiver (and so Jaeger v2) serves
/// it on port 9411. Body: a JSON span list (<c>application/json</c>, or no <c>Content-Type</c> at all) or a proto3
/// <c>ListOfSpans</c> (<c>application/x-protobuf</c> or <c>application/protobuf</c>), optionally
/// <c>Content-Encoding</c> gzip, deflate or zlib, at most <see cref="CollectorOptions.HttpMaxBodyBytes"/> on the
/// wire and inflated (the OTLP/HTTP body reader and limits). Answered only after the valid spans are stored:
/// 202 with an empty body. Errors are plain text: 400 undecodable (the message names the span index and field) or
/// every span rejected for invalid IDs, 405 not POST, 413 too large, 415 other content type or encoding,
/// 429 queue full and 503 shutting down or storage failure (both with <c>Retry-After</c>). Spans rejected for
/// invalid IDs next to valid ones are counted and logged, and the request still gets 202 (Zipkin has no
/// partial-success reply).
/// </summary>
internal sealed class ZipkinHttpHandler(
    TraceIngestService ingest, CollectorMetrics metrics, CollectorOptions options, ILogger<ZipkinHttpHandler> logger)
    : SpanPostHandler<OtlpPayloadFormat>(ingest, metrics, options, CollectorTransport.ZipkinHttp)
{
    protected override string ContentTypeHint => "use application/json or application/x-protobuf";

    /// <summary>JSON also when there is no <c>Content-Type</c> at all, as upstream.</summary>
    protected override bool TryGetFormat(string? contentType, out OtlpPayloadFormat format)
    {
        format = OtlpPayloadFormat.Json;
        return string.IsNullOrEmpty(contentType) || OtlpHttpHandler.TryGetFormat(contentType, out format);
    }

    protected override OtlpConversionResult Decode(ReadOnlyMemory<byte> body, OtlpPayloadFormat format) =>
        format == OtlpPayloadFormat.Json ? ZipkinJsonDecoder.Decode(body) : ZipkinProtobufDecoder.Decode(body.Span);

    protected override string? DescribeDecodeError(Exception exception, OtlpPayloadFormat format) =>
        exception is ZipkinDecodeException ? exception.Message : null;

    protected override void LogRefused(RefuseReason reason, string message) => ZipkinLog.Refused(logger, reason, message);

    protected override void LogPartiallyRejected(int rejected, int stored, string message) =>
        ZipkinLog.PartiallyRejected(logger, rejected, stored, message);
}
