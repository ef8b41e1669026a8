using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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
internal sealed class ZipkinHttpHandler
{
    private readonly TraceIngestService _ingest;
    private readonly CollectorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _limit;
    private readonly string _retryAfter;

    public ZipkinHttpHandler(TraceIngestService ingest, CollectorMetrics metrics, CollectorOptions options, ILogger<ZipkinHttpHandler> logger)
    {
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

    private async Task PostAsync(HttpContext context)
    {
        // As OtlpHttpHandler: the limit is enforced here; Kestrel's only bounds how much of a refused body is drained.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = Math.Max(_limit, OtlpHttpHandler.MaxDrainBytes);
        }

        var request = context.Request;
        var format = OtlpPayloadFormat.Json;
        if (!string.IsNullOrEmpty(request.ContentType) && !OtlpHttpHandler.TryGetFormat(request.ContentType, out format))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, RefuseReason.UnsupportedMediaType,
                $"unsupported content type \"{request.ContentType}\"; use application/json or application/x-protobuf").ConfigureAwait(false);
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
            converted = format == OtlpPayloadFormat.Json
                ? ZipkinJsonDecoder.Decode(new ReadOnlyMemory<byte>(body.Array, 0, body.Length))
                : ZipkinProtobufDecoder.Decode(body.Span);
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
        catch (ZipkinDecodeException ex)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, RefuseReason.Malformed, ex.Message).ConfigureAwait(false);
            return;
        }

        var result = await _ingest.IngestAsync(converted, CollectorTransport.ZipkinHttp, context.RequestAborted).ConfigureAwait(false);
        switch (result)
        {
            case IngestResult.Stored when converted.Spans.Count == 0 && converted.RejectedSpans > 0:
                ZipkinLog.PartiallyRejected(_logger, converted.RejectedSpans, 0, converted.ErrorMessage);
                await WriteTextAsync(context, StatusCodes.Status400BadRequest,
                    $"all {converted.RejectedSpans} spans rejected: {converted.ErrorMessage}").ConfigureAwait(false);
                break;
            case IngestResult.Stored:
                if (converted.RejectedSpans > 0)
                {
                    ZipkinLog.PartiallyRejected(_logger, converted.RejectedSpans, converted.Spans.Count, converted.ErrorMessage);
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
        _metrics.AddRefused(CollectorTransport.ZipkinHttp, reason, 0);
        ZipkinLog.Refused(_logger, reason, message);
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
