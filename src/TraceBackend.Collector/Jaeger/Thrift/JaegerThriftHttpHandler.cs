using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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
internal sealed class JaegerThriftHttpHandler
{
    private readonly TraceIngestService _ingest;
    private readonly CollectorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _limit;
    private readonly string _retryAfter;
    private readonly JaegerThriftDecoder _decoder;

    public JaegerThriftHttpHandler(
        TraceIngestService ingest, CollectorMetrics metrics, CollectorOptions options, OtlpConverter converter, ILogger<JaegerThriftHttpHandler> logger)
    {
        _decoder = new JaegerThriftDecoder(converter.Keys);
        _ingest = ingest;
        _metrics = metrics;
        _logger = logger;
        _limit = options.HttpMaxBodyBytes;
        _retryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }

    public Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsPost(method))
        {
            context.Response.Headers.Allow = "POST";
            return WriteTextAsync(context, StatusCodes.Status405MethodNotAllowed, $"method {method} is not allowed; use POST");
        }

        return PostAsync(context);
    }

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

    private async Task PostAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = Math.Max(_limit, OtlpHttpHandler.MaxDrainBytes);
        }

        var request = context.Request;
        if (!TryGetProtocol(request.ContentType, out var protocol))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, RefuseReason.UnsupportedMediaType,
                $"unsupported content type \"{request.ContentType}\"; use application/x-thrift, application/vnd.apache.thrift.binary or application/vnd.apache.thrift.compact")
                .ConfigureAwait(false);
            return;
        }

        if (!OtlpHttpHandler.TryGetCoding(request.Headers.ContentEncoding, acceptZlib: true, out var coding))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, RefuseReason.UnsupportedMediaType,
                $"unsupported content encoding \"{request.Headers.ContentEncoding}\"; use gzip, deflate, zlib or identity").ConfigureAwait(false);
            return;
        }

        if (request.ContentLength > _limit)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, RefuseReason.TooLarge, $"request body exceeds {_limit} bytes")
                .ConfigureAwait(false);
            return;
        }

        OtlpConversionResult converted;
        try
        {
            using var body = await OtlpHttpBodyReader.ReadAsync(request.Body, request.ContentLength, coding, _limit, context.RequestAborted)
                .ConfigureAwait(false);
            converted = _decoder.DecodeBatch(new ReadOnlyMemory<byte>(body.Array, 0, body.Length), protocol);
        }
        catch (BodyTooLargeException ex)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, RefuseReason.TooLarge, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (InvalidDataException ex)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, RefuseReason.Malformed,
                $"invalid {coding.ToString().ToLowerInvariant()} body: {ex.Message}").ConfigureAwait(false);
            return;
        }
        catch (ThriftDecodeException ex)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, RefuseReason.Malformed,
                $"cannot decode Thrift {protocol.ToString().ToLowerInvariant()} Batch: {ex.Message}").ConfigureAwait(false);
            return;
        }

        var result = await _ingest.IngestAsync(converted, CollectorTransport.JaegerThriftHttp, context.RequestAborted).ConfigureAwait(false);
        switch (result)
        {
            case IngestResult.Stored when converted.Spans.Count == 0 && converted.RejectedSpans > 0:
                JaegerThriftLog.PartiallyRejected(_logger, converted.RejectedSpans, 0, converted.ErrorMessage);
                await WriteTextAsync(context, StatusCodes.Status400BadRequest,
                    $"all {converted.RejectedSpans} spans rejected: {converted.ErrorMessage}").ConfigureAwait(false);
                break;
            case IngestResult.Stored:
                if (converted.RejectedSpans > 0)
                {
                    JaegerThriftLog.PartiallyRejected(_logger, converted.RejectedSpans, converted.Spans.Count, converted.ErrorMessage);
                }

                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.ContentLength = 0;
                break;
            case IngestResult.QueueFull:
                context.Response.Headers.RetryAfter = _retryAfter;
                await WriteTextAsync(context, StatusCodes.Status429TooManyRequests, "ingest queue is full; retry later").ConfigureAwait(false);
                break;
            case IngestResult.ShuttingDown:
                context.Response.Headers.RetryAfter = _retryAfter;
                await WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "collector is shutting down; retry later").ConfigureAwait(false);
                break;
            default:
                context.Response.Headers.RetryAfter = _retryAfter;
                await WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "storage write failed; retry later").ConfigureAwait(false);
                break;
        }
    }

    private Task RefuseAsync(HttpContext context, int httpStatus, RefuseReason reason, string message)
    {
        _metrics.AddRefused(CollectorTransport.JaegerThriftHttp, reason, 0);
        JaegerThriftLog.Refused(_logger, reason, message);
        return WriteTextAsync(context, httpStatus, message);
    }

    private static Task WriteTextAsync(HttpContext context, int httpStatus, string message)
    {
        var body = Encoding.UTF8.GetBytes(message);
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
