using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.LoadGen.Tests.Support;

/// <summary>A span with the service and host of the resource that reported it.</summary>
public sealed record SpanView(string Service, string Host, ProtoSpan Span)
{
    public static List<SpanView> Of(IEnumerable<ResourceSpans> resourceSpans)
    {
        var views = new List<SpanView>();
        foreach (var rs in resourceSpans)
        {
            var service = Attribute(rs.Resource.Attributes, "service.name")!.StringValue;
            var host = Attribute(rs.Resource.Attributes, "host.name")!.StringValue;
            foreach (var ss in rs.ScopeSpans)
            {
                foreach (var span in ss.Spans)
                {
                    views.Add(new SpanView(service, host, span));
                }
            }
        }

        return views;
    }

    public static AnyValue? Attribute(IEnumerable<KeyValue> attributes, string key) =>
        attributes.FirstOrDefault(a => a.Key == key)?.Value;
}
