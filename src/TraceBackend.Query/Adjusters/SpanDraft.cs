using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>
/// A mutable copy of a <see cref="Span"/>'s fields. <see cref="Span"/> is immutable (init-only), so adjusters copy
/// a span into a draft, change fields and <see cref="Build"/> a new span; the original is never touched.
/// </summary>
internal struct SpanDraft
{
    public TraceId TraceId;
    public SpanId SpanId;
    public SpanId ParentSpanId;
    public string TraceState;
    public uint Flags;
    public string Name;
    public SpanKind Kind;
    public ulong StartTimeUnixNano;
    public ulong EndTimeUnixNano;
    public ImmutableArray<KeyValue> Attributes;
    public uint DroppedAttributesCount;
    public ImmutableArray<SpanEvent> Events;
    public uint DroppedEventsCount;
    public ImmutableArray<SpanLink> Links;
    public uint DroppedLinksCount;
    public SpanStatus Status;
    public Resource Resource;
    public InstrumentationScope Scope;
    public ImmutableArray<string> Warnings;

    public static SpanDraft From(Span span) => new()
    {
        TraceId = span.TraceId,
        SpanId = span.SpanId,
        ParentSpanId = span.ParentSpanId,
        TraceState = span.TraceState,
        Flags = span.Flags,
        Name = span.Name,
        Kind = span.Kind,
        StartTimeUnixNano = span.StartTimeUnixNano,
        EndTimeUnixNano = span.EndTimeUnixNano,
        Attributes = span.Attributes,
        DroppedAttributesCount = span.DroppedAttributesCount,
        Events = span.Events,
        DroppedEventsCount = span.DroppedEventsCount,
        Links = span.Links,
        DroppedLinksCount = span.DroppedLinksCount,
        Status = span.Status,
        Resource = span.Resource,
        Scope = span.Scope,
        Warnings = span.Warnings,
    };

    public readonly Span Build() => new()
    {
        TraceId = TraceId,
        SpanId = SpanId,
        ParentSpanId = ParentSpanId,
        TraceState = TraceState,
        Flags = Flags,
        Name = Name,
        Kind = Kind,
        StartTimeUnixNano = StartTimeUnixNano,
        EndTimeUnixNano = EndTimeUnixNano,
        Attributes = Attributes,
        DroppedAttributesCount = DroppedAttributesCount,
        Events = Events,
        DroppedEventsCount = DroppedEventsCount,
        Links = Links,
        DroppedLinksCount = DroppedLinksCount,
        Status = Status,
        Resource = Resource,
        Scope = Scope,
        Warnings = Warnings,
    };
}
