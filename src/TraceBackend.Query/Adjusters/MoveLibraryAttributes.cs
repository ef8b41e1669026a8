using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>
/// Moves the SDK/distro attributes (<c>telemetry.sdk.*</c>, <c>telemetry.distro.*</c>) from spans to their
/// resource, so they show as process tags. Spans are processed in order and a resource's additions are visible to
/// later spans of the same resource (as when editing a shared OTLP resource): a span whose value conflicts with
/// the resource's keeps it and gets the warning <c>conflicting values between Span and Resource for attribute k</c>.
/// </summary>
public sealed class MoveLibraryAttributes : ITraceAdjuster
{
    public static readonly ImmutableArray<string> LibraryKeys =
    [
        "telemetry.sdk.language",
        "telemetry.sdk.name",
        "telemetry.sdk.version",
        "telemetry.distro.name",
        "telemetry.distro.version",
    ];

    public Trace Adjust(Trace trace)
    {
        var spans = trace.Spans;
        var additions = new Dictionary<Resource, List<KeyValue>>(ReferenceEqualityComparer.Instance);
        var drafts = new SpanDraft?[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            if (!span.Attributes.Any(static kv => LibraryKeys.Contains(kv.Key)))
            {
                continue;
            }

            if (!additions.TryGetValue(span.Resource, out var added))
            {
                added = [];
                additions[span.Resource] = added;
            }

            var kept = ImmutableArray.CreateBuilder<KeyValue>(span.Attributes.Length);
            var warnings = span.Warnings;
            foreach (var kv in span.Attributes)
            {
                if (!LibraryKeys.Contains(kv.Key))
                {
                    kept.Add(kv);
                    continue;
                }

                if (TryFind(span.Resource.Attributes, added, kv.Key, out var existing) && existing != kv.Value)
                {
                    warnings = warnings.Add("conflicting values between Span and Resource for attribute " + kv.Key);
                    kept.Add(kv);
                    continue;
                }

                if (!TryFind(span.Resource.Attributes, added, kv.Key, out _))
                {
                    added.Add(kv);
                }
            }

            var draft = SpanDraft.From(span);
            draft.Attributes = kept.ToImmutable();
            draft.Warnings = warnings;
            drafts[i] = draft;
        }

        if (additions.Count == 0)
        {
            return trace;
        }

        var newResources = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
        foreach (var (resource, added) in additions)
        {
            if (added.Count > 0)
            {
                newResources[resource] = new Resource(resource.Attributes.AddRange(added), resource.DroppedAttributesCount);
            }
        }

        var result = new Span[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            var hasNewResource = newResources.TryGetValue(spans[i].Resource, out var resource);
            if (drafts[i] is null && !hasNewResource)
            {
                result[i] = spans[i];
                continue;
            }

            var draft = drafts[i] ?? SpanDraft.From(spans[i]);
            if (hasNewResource)
            {
                draft.Resource = resource!;
            }

            result[i] = draft.Build();
        }

        return new Trace(trace.TraceId, result);
    }

    private static bool TryFind(ImmutableArray<KeyValue> resourceAttributes, List<KeyValue> added, string key, out AttributeValue value)
    {
        foreach (var kv in resourceAttributes)
        {
            if (kv.Key == key)
            {
                value = kv.Value;
                return true;
            }
        }

        foreach (var kv in added)
        {
            if (kv.Key == key)
            {
                value = kv.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
