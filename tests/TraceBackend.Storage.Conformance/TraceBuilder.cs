using TraceBackend.Model;

namespace TraceBackend.Storage.Conformance;

/// <summary>
/// Fluent builder of one fixture trace: spans are added relative to the trace start and get span IDs that are
/// unique within the trace and, in practice, across fixture traces.
/// </summary>
public sealed class TraceBuilder
{
    private readonly List<SpanBuilder> _spans = [];

    public TraceBuilder(TraceId traceId, DateTimeOffset start)
    {
        TraceId = traceId;
        Start = start;
    }

    public TraceId TraceId { get; }

    public DateTimeOffset Start { get; }

    /// <summary>Adds a span of <paramref name="resource"/> starting <paramref name="offset"/> after the trace start.</summary>
    public SpanBuilder Span(Resource resource, string name, TimeSpan offset, TimeSpan duration)
    {
        var id = unchecked((TraceId.High * 0x9E3779B97F4A7C15UL) ^ (TraceId.Low * 0xC2B2AE3D27D4EB4FUL)) + (ulong)_spans.Count + 1;
        var span = new SpanBuilder(TraceId, new SpanId(id == 0 ? 1 : id), resource, name, Start + offset, duration);
        _spans.Add(span);
        return span;
    }

    /// <summary>Adds a span of a service with only <c>service.name</c> as resource attribute.</summary>
    public SpanBuilder Span(string service, string name, TimeSpan offset, TimeSpan duration) =>
        Span(FixtureTraces.Service(service), name, offset, duration);

    public IReadOnlyList<Span> Build() => [.. _spans.Select(s => s.Build())];
}
