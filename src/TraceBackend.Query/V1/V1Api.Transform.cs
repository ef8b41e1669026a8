using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Query.V1;

/// <summary><c>POST /api/transform</c>: OTLP JSON in, v1 UI traces out.</summary>
public sealed partial class V1Api
{
    /// <summary>
    /// Largest OTLP JSON file the UI may upload for conversion. The endpoint raises the server's request-body limit to
    /// this for its own requests, so the host can keep Kestrel's smaller default globally.
    /// </summary>
    public const int MaxTransformBodyBytes = 64 * 1024 * 1024;

    /// <summary>First buffer size for a body of unknown length (chunked); it doubles as needed.</summary>
    private const int InitialTransformBuffer = 64 * 1024;

    private static readonly string s_bodyTooLargeMessage = $"cannot unmarshal OTLP : body exceeds {MaxTransformBodyBytes} bytes";

    /// <summary>
    /// Converts an OTLP/JSON body (<c>TracesData</c> / <c>ExportTraceServiceRequest</c>) into v1 traces, one per trace
    /// ID in order of first appearance, with the §1.6 mapping and no adjusters, using the collector's OTLP JSON
    /// decoder. Unparseable bodies and spans with invalid IDs → 400 <c>cannot unmarshal OTLP : …</c>; bodies over
    /// <see cref="MaxTransformBodyBytes"/> → 400 too.
    /// </summary>
    public Task PostTransform(HttpContext context) => _errors.RunV1(context, async ctx =>
    {
        var (body, length) = await ReadBodyAsync(ctx);
        OtlpConversionResult decoded;
        try
        {
            decoded = new OtlpJsonDecoder(new OtlpConverter()).Decode(body.AsSpan(0, length));
        }
        catch (OtlpDecodeException ex)
        {
            throw new QueryParameterException("cannot unmarshal OTLP : " + ex.Message);
        }
        finally
        {
            // The decoded spans own copies of everything they hold; the buffer is no longer referenced.
            ArrayPool<byte>.Shared.Return(body);
        }

        // Jaeger's unmarshaler fails the whole file on an invalid ID; a file is not a stream of retries.
        if (decoded.RejectedSpans > 0)
        {
            throw new QueryParameterException("cannot unmarshal OTLP : " + decoded.ErrorMessage);
        }

        var spans = decoded.Spans;

        var order = new List<TraceId>();
        var byTrace = new Dictionary<TraceId, List<Span>>();
        foreach (var span in spans)
        {
            if (!byTrace.TryGetValue(span.TraceId, out var list))
            {
                list = [];
                byTrace[span.TraceId] = list;
                order.Add(span.TraceId);
            }

            list.Add(span);
        }

        await WriteTracesAsync(ctx, [.. order.Select(id => new Trace(id, byTrace[id]))], null);
    });

    /// <summary>
    /// Reads the whole request body into an array rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns
    /// it): sized from <c>Content-Length</c> when known, else grown by doubling. Bodies over
    /// <see cref="MaxTransformBodyBytes"/> — declared, counted, or rejected by the server's limit — throw
    /// <see cref="QueryParameterException"/> (400).
    /// </summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxTransformBodyBytes;
        }

        var declared = context.Request.ContentLength;
        if (declared > MaxTransformBodyBytes)
        {
            throw new QueryParameterException(s_bodyTooLargeMessage);
        }

        var body = context.Request.Body;
        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } size ? (int)Math.Max(size, 1) : InitialTransformBuffer);
        var length = 0;
        try
        {
            // With a Content-Length the server delivers exactly that many bytes; otherwise read to the end.
            while (declared is null || length < declared)
            {
                // The pool may hand out more than asked for; never read past the maximum.
                var capacity = Math.Min(buffer.Length, MaxTransformBodyBytes);
                if (length == capacity)
                {
                    if (length == MaxTransformBodyBytes)
                    {
                        // Full at the maximum: one more byte means too large (probing avoids renting twice the maximum).
                        if (await ReadOrTooLargeAsync(body, new byte[1], context.RequestAborted) > 0)
                        {
                            throw new QueryParameterException(s_bodyTooLargeMessage);
                        }

                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, MaxTransformBodyBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    capacity = Math.Min(buffer.Length, MaxTransformBodyBytes);
                }

                var read = await ReadOrTooLargeAsync(body, buffer.AsMemory(length, capacity - length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>A body read in which the server's own size limit (413) becomes the endpoint's 400.</summary>
    private static async ValueTask<int> ReadOrTooLargeAsync(Stream body, Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(destination, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new QueryParameterException(s_bodyTooLargeMessage);
        }
    }
}
