using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TraceBackend.Model;
using TraceBackend.Query.Transform;

namespace TraceBackend.Query.V1;

/// <summary><c>POST /api/transform</c>: OTLP JSON in, v1 UI traces out.</summary>
public sealed partial class V1Api
{
    /// <summary>
    /// Converts an OTLP/JSON body into v1 traces, one per trace ID in order of first appearance, with the §1.6
    /// mapping and no adjusters. Unparseable bodies → 400 <c>cannot unmarshal OTLP : …</c>.
    /// </summary>
    public Task PostTransform(HttpContext context) => _errors.RunV1(context, async ctx =>
    {
        List<Span> spans;
        try
        {
            using var document = await JsonDocument.ParseAsync(ctx.Request.Body, default, ctx.RequestAborted);
            spans = OtlpJsonReader.ReadSpans(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new QueryParameterException("cannot unmarshal OTLP : " + ex.Message);
        }

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
}
