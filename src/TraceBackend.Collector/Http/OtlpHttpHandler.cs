using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Http;

/// <summary>
/// OTLP/HTTP <c>/v1/traces</c>. POST: protobuf or JSON body, optionally gzip/deflate, at most
/// <see cref="CollectorOptions.HttpMaxBodyBytes"/> on the wire and inflated; answered only after the valid
/// spans are stored. OPTIONS: CORS preflight. Other methods: 405. Status codes follow the OTLP spec:
/// 400 undecodable, 413 too large, 415 unsupported type or encoding, 429 queue full and 503 shutting down or
/// storage failure (both with <c>Retry-After</c>).
/// </summary>
internal sealed class OtlpHttpHandler
{
    private readonly OtlpProtobufDecoder _protobufDecoder;
    private readonly OtlpJsonDecoder _jsonDecoder;
    private readonly TraceIngestService _ingest;
    private readonly CollectorMetrics _metrics;
    private readonly OtlpCorsPolicy _cors;
    private readonly ILogger _logger;
    /// <summary>Most bytes of a refused request body read (and discarded) so the client sees the error reply.</summary>
    public const long MaxDrainBytes = 64L * 1024 * 1024;

    private readonly int _limit;
    private readonly string _retryAfter;

    public OtlpHttpHandler(
        OtlpProtobufDecoder protobufDecoder,
        OtlpJsonDecoder jsonDecoder,
        TraceIngestService ingest,
        CollectorMetrics metrics,
        CollectorOptions options,
        ILogger<OtlpHttpHandler> logger)
    {
        _protobufDecoder = protobufDecoder;
        _jsonDecoder = jsonDecoder;
        _ingest = ingest;
        _metrics = metrics;
        _cors = new OtlpCorsPolicy(options.CorsAllowedOrigins, options.CorsMaxAgeSeconds);
        _logger = logger;
        _limit = options.HttpMaxBodyBytes;
        _retryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }

    public Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsOptions(method))
        {
            _cors.AnswerPreflight(context);
            return Task.CompletedTask;
        }

        _cors.ApplyToResponse(context);
        if (!HttpMethods.IsPost(method))
        {
            context.Response.Headers.Allow = "POST, OPTIONS";
            return OtlpHttpResponses.WriteStatusAsync(
                context, StatusCodes.Status405MethodNotAllowed, RpcStatusEncoder.InvalidArgument, $"method {method} is not allowed; use POST", null);
        }

        return PostAsync(context);
    }

    private async Task PostAsync(HttpContext context)
    {
        // The handler enforces _limit itself (Content-Length check, counted reads, inflated size). Kestrel's own
        // limit only bounds how much of a refused body it drains so the client can read our 413/415 answer:
        // up to MaxDrainBytes; a larger refused body closes the connection instead of being read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = Math.Max(_limit, MaxDrainBytes);
        }

        var request = context.Request;
        if (!TryGetFormat(request.ContentType, out var format))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, RefuseReason.UnsupportedMediaType,
                $"unsupported content type \"{request.ContentType}\"; use application/x-protobuf or application/json", null).ConfigureAwait(false);
            return;
        }

        if (!TryGetCoding(request.Headers.ContentEncoding, out var coding))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, RefuseReason.UnsupportedMediaType,
                $"unsupported content encoding \"{request.Headers.ContentEncoding}\"; use gzip, deflate or identity", format).ConfigureAwait(false);
            return;
        }

        if (request.ContentLength > _limit)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, RefuseReason.TooLarge,
                $"request body exceeds {_limit} bytes", format).ConfigureAwait(false);
            return;
        }

        OtlpConversionResult converted;
        try
        {
            using var body = await OtlpHttpBodyReader.ReadAsync(request.Body, request.ContentLength, coding, _limit, context.RequestAborted)
                .ConfigureAwait(false);
            converted = format == OtlpPayloadFormat.Json
                ? _jsonDecoder.Decode(body.Span)
                : _protobufDecoder.Decode(body.Span);
        }
        catch (BodyTooLargeException ex)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, RefuseReason.TooLarge, ex.Message, format).ConfigureAwait(false);
            return;
        }
        catch (InvalidDataException ex)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, RefuseReason.Malformed,
                $"invalid {coding.ToString().ToLowerInvariant()} body: {ex.Message}", format).ConfigureAwait(false);
            return;
        }
        catch (OtlpDecodeException ex)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, RefuseReason.Malformed, ex.Message, format).ConfigureAwait(false);
            return;
        }

        var result = await _ingest.IngestAsync(converted, CollectorTransport.Http, context.RequestAborted).ConfigureAwait(false);
        switch (result)
        {
            case IngestResult.Stored:
                await OtlpHttpResponses.WriteSuccessAsync(context, format, converted).ConfigureAwait(false);
                break;
            case IngestResult.QueueFull:
                context.Response.Headers.RetryAfter = _retryAfter;
                await OtlpHttpResponses.WriteStatusAsync(context, StatusCodes.Status429TooManyRequests, RpcStatusEncoder.ResourceExhausted,
                    "ingest queue is full; retry later", format).ConfigureAwait(false);
                break;
            case IngestResult.ShuttingDown:
                context.Response.Headers.RetryAfter = _retryAfter;
                await OtlpHttpResponses.WriteStatusAsync(context, StatusCodes.Status503ServiceUnavailable, RpcStatusEncoder.Unavailable,
                    "collector is shutting down; retry later", format).ConfigureAwait(false);
                break;
            default:
                context.Response.Headers.RetryAfter = _retryAfter;
                await OtlpHttpResponses.WriteStatusAsync(context, StatusCodes.Status503ServiceUnavailable, RpcStatusEncoder.Unavailable,
                    "storage write failed; retry later", format).ConfigureAwait(false);
                break;
        }
    }

    private Task RefuseAsync(HttpContext context, int httpStatus, RefuseReason reason, string message, OtlpPayloadFormat? format)
    {
        _metrics.AddRefused(CollectorTransport.Http, reason, 0);
        CollectorLog.Refused(_logger, CollectorTransport.Http, reason, message);
        var code = httpStatus == StatusCodes.Status413PayloadTooLarge ? RpcStatusEncoder.ResourceExhausted : RpcStatusEncoder.InvalidArgument;
        return OtlpHttpResponses.WriteStatusAsync(context, httpStatus, code, message, format);
    }

    internal static bool TryGetFormat(string? contentType, out OtlpPayloadFormat format)
    {
        format = default;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var mediaType = parsed.MediaType;
        if (mediaType.Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/protobuf", StringComparison.OrdinalIgnoreCase))
        {
            format = OtlpPayloadFormat.Protobuf;
            return true;
        }

        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            format = OtlpPayloadFormat.Json;
            return true;
        }

        return false;
    }

    /// <summary>One coding at most, besides <c>identity</c> (which may appear anywhere or be absent).</summary>
    internal static bool TryGetCoding(Microsoft.Extensions.Primitives.StringValues header, out ContentCoding coding) =>
        TryGetCoding(header, acceptZlib: false, out coding);

    /// <summary>
    /// As <see cref="TryGetCoding(Microsoft.Extensions.Primitives.StringValues, out ContentCoding)"/>; with
    /// <paramref name="acceptZlib"/> the token <c>zlib</c> (Zipkin clients) is read as <see cref="ContentCoding.Deflate"/>,
    /// whose reader tells zlib-wrapped from raw deflate by the header.
    /// </summary>
    internal static bool TryGetCoding(Microsoft.Extensions.Primitives.StringValues header, bool acceptZlib, out ContentCoding coding)
    {
        coding = ContentCoding.Identity;
        foreach (var value in header)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                ContentCoding next;
                if (token.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                else if (token.Equals("gzip", StringComparison.OrdinalIgnoreCase) || token.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
                {
                    next = ContentCoding.Gzip;
                }
                else if (token.Equals("deflate", StringComparison.OrdinalIgnoreCase)
                    || (acceptZlib && token.Equals("zlib", StringComparison.OrdinalIgnoreCase)))
                {
                    next = ContentCoding.Deflate;
                }
                else
                {
                    return false;
                }

                if (coding != ContentCoding.Identity)
                {
                    return false;
                }

                coding = next;
            }
        }

        return true;
    }
}
