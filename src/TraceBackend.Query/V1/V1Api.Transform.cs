using Microsoft.AspNetCore.Http;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Query.V1;

/// <summary><c>POST /api/transform</c>: OTLP JSON in, v1 UI traces out.</summary>
public sealed partial class V1Api
{
    /// <summary>Largest OTLP JSON file the UI may upload for conversion.</summary>
    public const int MaxTransformBodyBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Converts an OTLP/JSON body (<c>TracesData</c> / <c>ExportTraceServiceRequest</c>) into v1 traces, one per trace
    /// ID in order of first appearance, with the §1.6 mapping and no adjusters, using the collector's OTLP JSON
    /// decoder. Unparseable bodies and spans with invalid IDs → 400 <c>cannot unmarshal OTLP : …</c>; bodies over
    /// <see cref="MaxTransformBodyBytes"/> → 400 too.
    /// </summary>
    public Task PostTransform(HttpContext context) => _errors.RunV1(context, async ctx =>
    {
        var body = await ReadBodyAsync(ctx);
        OtlpConversionResult decoded;
        try
        {
            decoded = new OtlpJsonDecoder(new OtlpConverter()).Decode(body);
        }
        catch (OtlpDecodeException ex)
        {
            throw new QueryParameterException("cannot unmarshal OTLP : " + ex.Message);
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

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxTransformBodyBytes)
            {
                throw new QueryParameterException($"cannot unmarshal OTLP : body exceeds {MaxTransformBodyBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
