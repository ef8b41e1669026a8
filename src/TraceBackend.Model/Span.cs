using System.Collections.Immutable;

namespace TraceBackend.Model;

/// <summary>
/// One span, as received (OTLP model). Immutable once built: stores may hand the same instance to many
/// readers. Times are Unix nanoseconds; <see cref="Resource"/> and <see cref="Scope"/> are shared.
/// </summary>
public sealed class Span
{
    public required TraceId TraceId { get; init; }

    public required SpanId SpanId { get; init; }

    /// <summary>Empty for a root span.</summary>
    public SpanId ParentSpanId { get; init; }

    public string TraceState { get; init; } = "";

    /// <summary>W3C trace flags in the low 8 bits (OTLP <c>flags</c>).</summary>
    public uint Flags { get; init; }

    public string Name { get; init; } = "";

    public SpanKind Kind { get; init; }

    public ulong StartTimeUnixNano { get; init; }

    public ulong EndTimeUnixNano { get; init; }

    public ImmutableArray<KeyValue> Attributes { get; init; } = [];

    public uint DroppedAttributesCount { get; init; }

    public ImmutableArray<SpanEvent> Events { get; init; } = [];

    public uint DroppedEventsCount { get; init; }

    public ImmutableArray<SpanLink> Links { get; init; } = [];

    public uint DroppedLinksCount { get; init; }

    public SpanStatus Status { get; init; } = SpanStatus.Unset;

    public Resource Resource { get; init; } = Resource.EmptyResource;

    public InstrumentationScope Scope { get; init; } = InstrumentationScope.EmptyScope;

    /// <summary>Notes added by ingest sanitizers or adjusters (Jaeger span <c>warnings</c>).</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    public string ServiceName => Resource.ServiceName;

    /// <summary>End minus start in nanoseconds; 0 when the end is not after the start.</summary>
    public ulong DurationNanos => EndTimeUnixNano > StartTimeUnixNano ? EndTimeUnixNano - StartTimeUnixNano : 0;

    /// <summary>Start time in microseconds, truncated (Jaeger <c>startTime</c>).</summary>
    public long StartTimeMicros => (long)(StartTimeUnixNano / 1000);

    /// <summary>Duration in microseconds, truncated (Jaeger <c>duration</c>).</summary>
    public long DurationMicros => (long)(DurationNanos / 1000);

    /// <summary>
    /// The identity under which stores deduplicate writes: the same span sent twice (a client retry) has
    /// the same key. Zipkin-style shared span IDs (client and server halves) differ in kind or service.
    /// </summary>
    public SpanKey Key => new(SpanId, Kind, StartTimeUnixNano, EndTimeUnixNano, ServiceName, Name);

    /// <summary>Finds an attribute of the span by key; false when absent.</summary>
    public bool TryGetAttribute(string key, out AttributeValue value)
    {
        foreach (var kv in Attributes)
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
