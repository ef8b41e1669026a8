using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Storage.Conformance;

/// <summary>Fluent builder of one fixture span. Times are whole microseconds so every backend can keep them.</summary>
public sealed class SpanBuilder
{
    private readonly List<KeyValue> _attributes = [];
    private readonly List<SpanEvent> _events = [];
    private readonly List<SpanLink> _links = [];
    private readonly List<string> _warnings = [];
    private readonly DateTimeOffset _start;
    private readonly TimeSpan _duration;
    private SpanId _parent;
    private SpanKind _kind;
    private SpanStatus _status = SpanStatus.Unset;
    private uint _flags;
    private string _traceState = "";
    private InstrumentationScope _scope = InstrumentationScope.EmptyScope;
    private uint _droppedAttributes;
    private uint _droppedEvents;
    private uint _droppedLinks;

    public SpanBuilder(TraceId traceId, SpanId spanId, Resource resource, string name, DateTimeOffset start, TimeSpan duration)
    {
        TraceId = traceId;
        SpanId = spanId;
        Resource = resource;
        Name = name;
        _start = start;
        _duration = duration;
    }

    public TraceId TraceId { get; }

    public SpanId SpanId { get; }

    public Resource Resource { get; }

    public string Name { get; }

    public SpanBuilder Kind(SpanKind kind)
    {
        _kind = kind;
        return this;
    }

    public SpanBuilder ChildOf(SpanBuilder parent) => ChildOf(parent.SpanId);

    public SpanBuilder ChildOf(SpanId parent)
    {
        _parent = parent;
        return this;
    }

    public SpanBuilder Attr(string key, AttributeValue value)
    {
        _attributes.Add(new KeyValue(key, value));
        return this;
    }

    public SpanBuilder Attr(string key, string value) => Attr(key, AttributeValue.String(value));

    public SpanBuilder Attr(string key, long value) => Attr(key, AttributeValue.Int(value));

    public SpanBuilder Attr(string key, bool value) => Attr(key, AttributeValue.Bool(value));

    public SpanBuilder Attr(string key, double value) => Attr(key, AttributeValue.Double(value));

    public SpanBuilder Attr(string key, byte[] value) => Attr(key, AttributeValue.Bytes(value));

    /// <summary>Adds an event <paramref name="offset"/> after the span start.</summary>
    public SpanBuilder Event(string name, TimeSpan offset, params KeyValue[] attributes) => Event(name, offset, 0, attributes);

    public SpanBuilder Event(string name, TimeSpan offset, uint droppedAttributes, params KeyValue[] attributes)
    {
        _events.Add(new SpanEvent
        {
            Name = name,
            TimeUnixNano = UnixTime.ToNanos(_start + offset),
            Attributes = [.. attributes],
            DroppedAttributesCount = droppedAttributes,
        });
        return this;
    }

    public SpanBuilder Link(TraceId traceId, SpanId spanId, string traceState = "", uint flags = 0, uint droppedAttributes = 0, params KeyValue[] attributes)
    {
        _links.Add(new SpanLink
        {
            TraceId = traceId,
            SpanId = spanId,
            TraceState = traceState,
            Flags = flags,
            Attributes = [.. attributes],
            DroppedAttributesCount = droppedAttributes,
        });
        return this;
    }

    public SpanBuilder Status(StatusCode code, string message = "")
    {
        _status = new SpanStatus(code, message);
        return this;
    }

    public SpanBuilder Error(string message = "") => Status(StatusCode.Error, message);

    public SpanBuilder Flags(uint flags)
    {
        _flags = flags;
        return this;
    }

    public SpanBuilder TraceState(string traceState)
    {
        _traceState = traceState;
        return this;
    }

    public SpanBuilder Scope(InstrumentationScope scope)
    {
        _scope = scope;
        return this;
    }

    public SpanBuilder Warning(string warning)
    {
        _warnings.Add(warning);
        return this;
    }

    public SpanBuilder Dropped(uint attributes, uint events, uint links)
    {
        _droppedAttributes = attributes;
        _droppedEvents = events;
        _droppedLinks = links;
        return this;
    }

    public Span Build() => new()
    {
        TraceId = TraceId,
        SpanId = SpanId,
        ParentSpanId = _parent,
        TraceState = _traceState,
        Flags = _flags,
        Name = Name,
        Kind = _kind,
        StartTimeUnixNano = UnixTime.ToNanos(_start),
        EndTimeUnixNano = UnixTime.ToNanos(_start + _duration),
        Attributes = [.. _attributes],
        DroppedAttributesCount = _droppedAttributes,
        Events = [.. _events],
        DroppedEventsCount = _droppedEvents,
        Links = [.. _links],
        DroppedLinksCount = _droppedLinks,
        Status = _status,
        Resource = Resource,
        Scope = _scope,
        Warnings = [.. _warnings],
    };
}
