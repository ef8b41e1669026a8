using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>
/// The span-level matching rules of <see cref="TraceQuery"/>, shared by stores that evaluate queries
/// themselves (memory, embedded). Tag values compare as strings, the way Jaeger's UI sends them.
/// </summary>
public sealed class SpanMatcher
{
    private readonly TraceQuery _query;
    private readonly ulong _startMin;
    private readonly ulong _startMax;
    private readonly ulong _durationMin;
    private readonly ulong _durationMax;
    private readonly TagCondition[] _tags;

    public SpanMatcher(TraceQuery query)
    {
        _query = query;
        _startMin = UnixTime.ToNanos(query.StartTimeMin);
        _startMax = UnixTime.ToNanos(query.StartTimeMax);
        _durationMin = query.DurationMin is { } min ? UnixTime.ToNanos(min) : 0;
        _durationMax = query.DurationMax is { } max ? UnixTime.ToNanos(max) : ulong.MaxValue;
        _tags = [.. query.Attributes.Select(static kv => new TagCondition(kv.Key, kv.Value))];
    }

    public ulong StartMinNanos => _startMin;

    public ulong StartMaxNanos => _startMax;

    public bool Matches(Span span)
    {
        if (span.StartTimeUnixNano < _startMin || span.StartTimeUnixNano > _startMax)
        {
            return false;
        }

        var duration = span.DurationNanos;
        if (duration < _durationMin || duration > _durationMax)
        {
            return false;
        }

        if (_query.ServiceName is { Length: > 0 } service && span.ServiceName != service)
        {
            return false;
        }

        if (_query.OperationName is { Length: > 0 } operation && span.Name != operation)
        {
            return false;
        }

        foreach (var tag in _tags)
        {
            if (!HasTag(span, tag))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the span, its resource or one of its events carries <paramref name="key"/> = <paramref name="value"/>.</summary>
    public static bool HasTag(Span span, string key, string value) => HasTag(span, new TagCondition(key, value));

    private static bool HasTag(Span span, in TagCondition tag)
    {
        if (Contains(span.Attributes, tag) || Contains(span.Resource.Attributes, tag))
        {
            return true;
        }

        foreach (var e in span.Events)
        {
            if (Contains(e.Attributes, tag) || (tag.Key == "event" && e.Name == tag.Value))
            {
                return true;
            }
        }

        return MatchesSynthesizedTag(span, tag.Key, tag.Value);
    }

    private static bool MatchesSynthesizedTag(Span span, string key, string value) => key switch
    {
        "error" => span.Status.Code == StatusCode.Error && value == "true",
        "span.kind" => span.Kind != SpanKind.Unspecified && SpanKindNames.ToJaeger(span.Kind) == value,
        "otel.status_code" => span.Status.Code switch
        {
            StatusCode.Ok => value == "OK",
            StatusCode.Error => value == "ERROR",
            _ => false,
        },
        "otel.status_description" => span.Status.Message.Length > 0 && span.Status.Message == value,
        "otel.scope.name" or "otel.library.name" => span.Scope.Name.Length > 0 && span.Scope.Name == value,
        "otel.scope.version" or "otel.library.version" => span.Scope.Version.Length > 0 && span.Scope.Version == value,
        "w3c.tracestate" => span.TraceState.Length > 0 && span.TraceState == value,
        _ => false,
    };

    private static bool Contains(System.Collections.Immutable.ImmutableArray<KeyValue> attributes, in TagCondition tag)
    {
        foreach (var kv in attributes)
        {
            if (kv.Key == tag.Key && tag.Matches(kv.Value))
            {
                return true;
            }
        }

        return false;
    }
}
