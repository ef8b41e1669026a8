using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace TraceBackend.LoadGen.Generation;

/// <summary>
/// Accumulates the spans of one trace. While building, every timestamp (span start/end, event time) is
/// relative to the trace start in nanoseconds of "true" time; <see cref="Build"/> moves them to absolute
/// Unix time and adds each reporting instance's clock skew.
/// </summary>
internal sealed class TraceBuilder
{
    // W3C "sampled" plus "context has is-remote"; remote parents also set "is remote".
    private const uint SampledHasIsRemote = 0x101;
    private const uint IsRemote = 0x200;

    private readonly DeterministicRandom _random;
    private readonly List<(HotRodServiceInstance Instance, ScopeSpans Spans)> _groups = [];
    private readonly Dictionary<HotRodServiceInstance, ScopeSpans> _byInstance = new(ReferenceEqualityComparer.Instance);

    public TraceBuilder(DeterministicRandom random)
    {
        _random = random;
        Span<byte> id = stackalloc byte[16];
        do
        {
            random.NextBytes(id);
        }
        while (id.IndexOfAnyExcept((byte)0) < 0);

        TraceId = ByteString.CopyFrom(id);
    }

    public ByteString TraceId { get; }

    /// <summary>Spans finished so far.</summary>
    public int SpanCount { get; private set; }

    /// <summary>Creates a span with fresh ID; it joins the trace on <see cref="Finish"/>.</summary>
    public ProtoSpan Start(string name, SpanKind kind, ProtoSpan? parent, bool remoteParent = false)
    {
        var span = new ProtoSpan
        {
            TraceId = TraceId,
            SpanId = NewSpanId(),
            Name = name,
            Kind = kind,
            Flags = SampledHasIsRemote | (remoteParent ? IsRemote : 0),
        };
        if (parent is not null)
        {
            span.ParentSpanId = parent.SpanId;
        }

        return span;
    }

    /// <summary>Adds an event at relative time <paramref name="atNanos"/>.</summary>
    public void Event(ProtoSpan span, long atNanos, string name, params ReadOnlySpan<KeyValue> attributes)
    {
        var evt = new ProtoSpan.Types.Event { Name = name, TimeUnixNano = (ulong)atNanos };
        foreach (var attribute in attributes)
        {
            evt.Attributes.Add(attribute);
        }

        span.Events.Add(evt);
    }

    /// <summary>Marks the span failed: status ERROR and an OTel "exception" event.</summary>
    public void Fail(ProtoSpan span, long atNanos, string exceptionType, string message)
    {
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = message };
        Event(span, atNanos, "exception", Attr.Str("exception.type", exceptionType), Attr.Str("exception.message", message));
    }

    /// <summary>Sets the relative start/end and adds the span to <paramref name="instance"/>'s group.</summary>
    public void Finish(HotRodServiceInstance instance, ProtoSpan span, long startNanos, long endNanos)
    {
        if (endNanos < startNanos)
        {
            throw new InvalidOperationException($"span {span.Name} ends before it starts");
        }

        span.StartTimeUnixNano = (ulong)startNanos;
        span.EndTimeUnixNano = (ulong)endNanos;
        if (!_byInstance.TryGetValue(instance, out var group))
        {
            group = new ScopeSpans { Scope = instance.Scope };
            _byInstance.Add(instance, group);
            _groups.Add((instance, group));
        }

        group.Spans.Add(span);
        SpanCount++;
    }

    /// <summary>
    /// Shifts all times so that relative time <paramref name="relativeEndNanos"/> lands on
    /// <paramref name="endUnixNanos"/>, then adds each instance's skew. The builder is spent afterwards.
    /// </summary>
    public GeneratedTrace Build(long relativeEndNanos, long endUnixNanos, bool isLarge)
    {
        var offset = endUnixNanos - relativeEndNanos;
        var resourceSpans = new List<ResourceSpans>(_groups.Count);
        foreach (var (instance, group) in _groups)
        {
            var shift = offset + instance.ClockSkewNanos;
            foreach (var span in group.Spans)
            {
                span.StartTimeUnixNano = (ulong)((long)span.StartTimeUnixNano + shift);
                span.EndTimeUnixNano = (ulong)((long)span.EndTimeUnixNano + shift);
                foreach (var evt in span.Events)
                {
                    evt.TimeUnixNano = (ulong)((long)evt.TimeUnixNano + shift);
                }
            }

            var rs = new ResourceSpans { Resource = instance.Resource };
            rs.ScopeSpans.Add(group);
            resourceSpans.Add(rs);
        }

        return new GeneratedTrace(TraceId, SpanCount, isLarge, resourceSpans);
    }

    private ByteString NewSpanId()
    {
        Span<byte> id = stackalloc byte[8];
        do
        {
            _random.NextBytes(id);
        }
        while (id.IndexOfAnyExcept((byte)0) < 0);

        return ByteString.CopyFrom(id);
    }
}
