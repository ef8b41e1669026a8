using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>
/// Makes output deterministic: spans ordered by start time then span ID; span, resource, scope, event and link
/// attributes by key; events by time then name; links by trace ID then span ID. Resources and scopes are replaced
/// by sorted copies shared by all spans that shared the original.
/// </summary>
public sealed class SortCollections : ITraceAdjuster
{
    public Trace Adjust(Trace trace)
    {
        var resources = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        var scopes = new Dictionary<InstrumentationScope, InstrumentationScope>(ReferenceEqualityComparer.Instance);
        var spans = new Span[trace.Spans.Count];
        for (var i = 0; i < spans.Length; i++)
        {
            spans[i] = SortSpan(trace.Spans[i], resources, scopes);
        }

        // Stable sort (the original order breaks remaining ties).
        var ordered = spans
            .Select(static (s, i) => (Span: s, Index: i))
            .OrderBy(static x => x.Span.StartTimeUnixNano)
            .ThenBy(static x => x.Span.SpanId.Value)
            .Select(static x => x.Span)
            .ToArray();
        return new Trace(trace.TraceId, ordered);
    }

    private static Span SortSpan(Span span, Dictionary<Resource, Resource> resources, Dictionary<InstrumentationScope, InstrumentationScope> scopes)
    {
        if (!resources.TryGetValue(span.Resource, out var resource))
        {
            var attrs = AttributeOrder.Sort(span.Resource.Attributes);
            resource = attrs == span.Resource.Attributes ? span.Resource : new Resource(attrs, span.Resource.DroppedAttributesCount);
            resources[span.Resource] = resource;
        }

        if (!scopes.TryGetValue(span.Scope, out var scope))
        {
            var attrs = AttributeOrder.Sort(span.Scope.Attributes);
            scope = attrs == span.Scope.Attributes
                ? span.Scope
                : new InstrumentationScope(span.Scope.Name, span.Scope.Version, attrs, span.Scope.DroppedAttributesCount);
            scopes[span.Scope] = scope;
        }

        var attributes = AttributeOrder.Sort(span.Attributes);
        var events = SortEvents(span.Events);
        var links = SortLinks(span.Links);
        if (ReferenceEquals(resource, span.Resource) && ReferenceEquals(scope, span.Scope) && attributes == span.Attributes
            && events == span.Events && links == span.Links)
        {
            return span;
        }

        var draft = SpanDraft.From(span);
        draft.Resource = resource;
        draft.Scope = scope;
        draft.Attributes = attributes;
        draft.Events = events;
        draft.Links = links;
        return draft.Build();
    }

    private static ImmutableArray<SpanEvent> SortEvents(ImmutableArray<SpanEvent> events)
    {
        if (events.IsDefaultOrEmpty)
        {
            return events;
        }

        var changed = false;
        var builder = ImmutableArray.CreateBuilder<SpanEvent>(events.Length);
        foreach (var e in events)
        {
            var attrs = AttributeOrder.Sort(e.Attributes);
            changed |= attrs != e.Attributes;
            builder.Add(attrs == e.Attributes ? e : e with { Attributes = attrs });
        }

        for (var i = 1; i < builder.Count && !changed; i++)
        {
            changed = CompareEvents(builder[i - 1], builder[i]) > 0;
        }

        return changed ? [.. builder.OrderBy(static e => e, Comparer<SpanEvent>.Create(CompareEvents))] : events;
    }

    private static int CompareEvents(SpanEvent a, SpanEvent b)
    {
        var c = a.TimeUnixNano.CompareTo(b.TimeUnixNano);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    private static ImmutableArray<SpanLink> SortLinks(ImmutableArray<SpanLink> links)
    {
        if (links.IsDefaultOrEmpty)
        {
            return links;
        }

        var changed = false;
        var builder = ImmutableArray.CreateBuilder<SpanLink>(links.Length);
        foreach (var link in links)
        {
            var attrs = AttributeOrder.Sort(link.Attributes);
            changed |= attrs != link.Attributes;
            builder.Add(attrs == link.Attributes ? link : link with { Attributes = attrs });
        }

        for (var i = 1; i < builder.Count && !changed; i++)
        {
            changed = CompareLinks(builder[i - 1], builder[i]) > 0;
        }

        return changed ? [.. builder.OrderBy(static l => l, Comparer<SpanLink>.Create(CompareLinks))] : links;
    }

    private static int CompareLinks(SpanLink a, SpanLink b)
    {
        var c = a.TraceId.CompareTo(b.TraceId);
        return c != 0 ? c : a.SpanId.Value.CompareTo(b.SpanId.Value);
    }
}
