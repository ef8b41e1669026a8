using TraceBackend.Model;

namespace TraceBackend.Otlp;

/// <summary>
/// The reusable work buffers of one <see cref="OtlpProtobufDecoder"/> call (one per thread, reused across
/// calls): open lists of attributes, array values, events, links, the request's spans, and the warnings of
/// the current span's dropped links. <see cref="Reset"/> empties them (and drops their references).
/// </summary>
internal sealed class DecodeScratch
{
    public ScratchStack<KeyValue> Attributes { get; } = new();

    public ScratchStack<AttributeValue> Values { get; } = new();

    public ScratchStack<SpanEvent> Events { get; } = new();

    public ScratchStack<SpanLink> Links { get; } = new();

    public ScratchStack<Span> Spans { get; } = new();

    public List<string> LinkWarnings { get; } = [];

    /// <summary>Buffers grown by one unusually large request are not worth keeping per thread.</summary>
    public const int MaxRetainedCapacity = 1 << 16;

    public bool IsOversized =>
        Attributes.Capacity > MaxRetainedCapacity || Values.Capacity > MaxRetainedCapacity || Events.Capacity > MaxRetainedCapacity
        || Links.Capacity > MaxRetainedCapacity || Spans.Capacity > MaxRetainedCapacity;

    public void Reset()
    {
        Attributes.Truncate(0);
        Values.Truncate(0);
        Events.Truncate(0);
        Links.Truncate(0);
        Spans.Truncate(0);
        LinkWarnings.Clear();
    }
}
