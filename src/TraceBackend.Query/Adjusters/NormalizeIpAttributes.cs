using System.Collections.Immutable;
using System.Globalization;
using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>
/// Integer-valued <c>ip</c> and <c>peer.ipv4</c> attributes (span and resource) become dotted IPv4 strings, the
/// integer's low 32 bits read big-endian.
/// </summary>
public sealed class NormalizeIpAttributes : ITraceAdjuster
{
    public Trace Adjust(Trace trace)
    {
        var resources = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        var changed = false;
        var spans = new Span[trace.Spans.Count];
        for (var i = 0; i < spans.Length; i++)
        {
            var span = trace.Spans[i];
            if (!resources.TryGetValue(span.Resource, out var resource))
            {
                var attrs = Normalize(span.Resource.Attributes);
                resource = attrs == span.Resource.Attributes ? span.Resource : new Resource(attrs, span.Resource.DroppedAttributesCount);
                resources[span.Resource] = resource;
            }

            var spanAttrs = Normalize(span.Attributes);
            if (spanAttrs != span.Attributes || !ReferenceEquals(resource, span.Resource))
            {
                var draft = SpanDraft.From(span);
                draft.Attributes = spanAttrs;
                draft.Resource = resource;
                spans[i] = draft.Build();
                changed = true;
            }
            else
            {
                spans[i] = span;
            }
        }

        return changed ? new Trace(trace.TraceId, spans) : trace;
    }

    /// <summary>Returns the same array instance when nothing needs normalizing.</summary>
    internal static ImmutableArray<KeyValue> Normalize(ImmutableArray<KeyValue> attributes)
    {
        ImmutableArray<KeyValue>.Builder? builder = null;
        for (var i = 0; i < attributes.Length; i++)
        {
            var kv = attributes[i];
            if (kv.Key is "ip" or "peer.ipv4" && kv.Value.Type == AttributeType.Int)
            {
                builder ??= attributes.ToBuilder();
                builder[i] = new KeyValue(kv.Key, AttributeValue.String(ToDotted((uint)kv.Value.AsInt)));
            }
        }

        return builder is null ? attributes : builder.ToImmutable();
    }

    private static string ToDotted(uint ip) => string.Join('.',
        (ip >> 24).ToString(CultureInfo.InvariantCulture),
        ((ip >> 16) & 0xFF).ToString(CultureInfo.InvariantCulture),
        ((ip >> 8) & 0xFF).ToString(CultureInfo.InvariantCulture),
        (ip & 0xFF).ToString(CultureInfo.InvariantCulture));
}
