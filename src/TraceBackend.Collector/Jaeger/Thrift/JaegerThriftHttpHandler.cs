using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using TraceBackend.Collector.Http;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>
/// Jaeger Thrift over HTTP, <c>POST /api/traces</c> (jaeger-collector port 14268). Body: one bare Thrift
/// <c>Batch</c> struct, binary protocol for <c>application/x-thrift</c> or
/// <c>application/vnd.apache.thrift.binary</c>, compact protocol for <c>application/vnd.apache.thrift.compact</c>;
/// optionally <c>Content-Encoding</c> gzip, deflate or zlib; at most <see cref="CollectorOptions.HttpMaxBodyBytes"/>.
/// Answered after the valid spans are stored: 202 with an empty body. Errors are plain text: 400 undecodable
/// (what, byte offset) or every span rejected, 405 not POST, 413 too large, 415 other content type or encoding,
/// 429 queue full and 503 shutting down or storage failure (both with <c>Retry-After</c>).
/// </summary>
internal sealed class JaegerThriftHttpHandler(
    TraceIngestService ingest, CollectorMetrics metrics, CollectorOptions options, OtlpConverter converter, ILogger<JaegerThriftHttpHandler> logger)
    : SpanPostHandler<ThriftProtocol>(ingest, metrics, options, CollectorTransport.JaegerThriftHttp)
{
    private readonly JaegerThriftDecoder _decoder = new(converter.Keys);

    protected override string ContentTypeHint =>
        "use application/x-thrift, application/vnd.apache.thrift.binary or application/vnd.apache.thrift.compact";

    /// <summary>The protocol of a content type; false for anything else.</summary>
    internal static bool TryGetProtocol(string? contentType, out ThriftProtocol protocol)
    {
        protocol = ThriftProtocol.Binary;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var mediaType = parsed.MediaType;
        if (mediaType.Equals("application/x-thrift", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/vnd.apache.thrift.binary", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        protocol = ThriftProtocol.Compact;
        return mediaType.Equals("application/vnd.apache.thrift.compact", StringComparison.OrdinalIgnoreCase);
    }

    protected override bool TryGetFormat(string? contentType, out ThriftProtocol format) => TryGetProtocol(contentType, out format);

    protected override OtlpConversionResult Decode(ReadOnlyMemory<byte> body, ThriftProtocol format) => _decoder.DecodeBatch(body, format);

    protected override string? DescribeDecodeError(Exception exception, ThriftProtocol format) =>
        exception is ThriftDecodeException ? $"cannot decode Thrift {format.ToString().ToLowerInvariant()} Batch: {exception.Message}" : null;

    protected override void LogRefused(RefuseReason reason, string message) => JaegerThriftLog.Refused(logger, reason, message);

    protected override void LogPartiallyRejected(int rejected, int stored, string message) =>
        JaegerThriftLog.PartiallyRejected(logger, rejected, stored, message);
}
