using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Http;

/// <summary>
/// The request handling shared by the HTTP span inputs that answer 202 Accepted (Zipkin, Jaeger Thrift): only POST
/// (405 with <c>Allow</c> otherwise); the input's content types (415 otherwise); <c>Content-Encoding</c> gzip,
/// deflate, zlib or identity (415 otherwise); the body read with the OTLP/HTTP reader and limits (413); the input's
/// decoder (400 with its message); then ingest, answered only after the valid spans are stored: 202 with an empty
/// body, 400 when every span was rejected, 429 queue full and 503 shutting down or storage failure (both with
/// <c>Retry-After</c>). Errors are plain text. Spans rejected next to valid ones are counted and logged and the
/// request still gets 202 (these protocols have no partial-success reply).
/// </summary>
/// <typeparam name="TFormat">What the content type selects (e.g. JSON or protobuf, a Thrift protocol).</typeparam>
internal abstract class SpanPostHandler<TFormat>
{
    private readonly TraceIngestService _ingest;
    private readonly CollectorMetrics _metrics;
    private readonly CollectorTransport _transport;
    private readonly int _limit;
    private readonly string _retryAfter;

    protected SpanPostHandler(TraceIngestService ingest, CollectorMetrics metrics, CollectorOptions options, CollectorTransport transport)
    {
        _ingest = ingest;
        _metrics = metrics;
        _transport = transport;
        _limit = options.HttpMaxBodyBytes;
        _retryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The end of the 415 message for an unsupported content type, e.g. "use application/json".</summary>
    protected abstract string ContentTypeHint { get; }

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

    /// <summary>The format a request's <c>Content-Type</c> selects; false when the input does not accept it.</summary>
    protected abstract bool TryGetFormat(string? contentType, out TFormat format);

    /// <summary>Decodes a whole body; throws the input's decode exception for bad content.</summary>
    protected abstract OtlpConversionResult Decode(ReadOnlyMemory<byte> body, TFormat format);

    /// <summary>The 400 message for <paramref name="exception"/> when it is the input's decode exception; otherwise null.</summary>
    protected abstract string? DescribeDecodeError(Exception exception, TFormat format);

    protected abstract void LogRefused(RefuseReason reason, string message);

    protected abstract void LogPartiallyRejected(int rejected, int stored, string message);

    private async Task PostAsync(HttpContext context)
    {
        // As OtlpHttpHandler: the limit is enforced here; Kestrel's only bounds how much of a refused body is drained.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = Math.Max(_limit, OtlpHttpHandler.MaxDrainBytes);
        }

        var request = context.Request;
        if (!TryGetFormat(request.ContentType, out var format))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, RefuseReason.UnsupportedMediaType,
                $"unsupported content type \"{request.ContentType}\"; {ContentTypeHint}").ConfigureAwait(false);
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
            converted = Decode(new ReadOnlyMemory<byte>(body.Array, 0, body.Length), format);
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
        catch (Exception ex) when (DescribeDecodeError(ex, format) is { } message)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, RefuseReason.Malformed, message).ConfigureAwait(false);
            return;
        }

        var result = await _ingest.IngestAsync(converted, _transport, context.RequestAborted).ConfigureAwait(false);
        switch (result)
        {
            case IngestResult.Stored when converted.Spans.Count == 0 && converted.RejectedSpans > 0:
                LogPartiallyRejected(converted.RejectedSpans, 0, converted.ErrorMessage);
                await WriteTextAsync(context, StatusCodes.Status400BadRequest,
                    $"all {converted.RejectedSpans} spans rejected: {converted.ErrorMessage}").ConfigureAwait(false);
                break;
            case IngestResult.Stored:
                if (converted.RejectedSpans > 0)
                {
                    LogPartiallyRejected(converted.RejectedSpans, converted.Spans.Count, converted.ErrorMessage);
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
        _metrics.AddRefused(_transport, reason, 0);
        LogRefused(reason, message);
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
