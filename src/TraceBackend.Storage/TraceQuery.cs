namespace TraceBackend.Storage;

/// <summary>
/// A trace search. A trace matches when one of its spans satisfies every set condition at once:
/// <list type="bullet">
/// <item><see cref="ServiceName"/>: the span's resource <c>service.name</c> (exact).</item>
/// <item><see cref="OperationName"/>: the span's name (exact).</item>
/// <item><see cref="Attributes"/>: for each key/value, the span has an attribute, its resource has an attribute,
/// or one of its events has an attribute with that key whose string form (<see cref="Model.AttributeValue.ToString"/>)
/// equals the value; Jaeger's synthesised tags match too (<c>error</c>, <c>span.kind</c>, <c>otel.status_code</c>,
/// <c>otel.status_description</c>, <c>otel.scope.name</c>, <c>otel.scope.version</c>, <c>w3c.tracestate</c>, and
/// <c>event</c> for an event name). See <see cref="SpanMatcher"/>.</item>
/// <item>Span start time within [<see cref="StartTimeMin"/>, <see cref="StartTimeMax"/>] (inclusive).</item>
/// <item>Span duration within [<see cref="DurationMin"/>, <see cref="DurationMax"/>] (inclusive, each optional).</item>
/// </list>
/// </summary>
public sealed record TraceQuery
{
    public string? ServiceName { get; init; }

    public string? OperationName { get; init; }

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset StartTimeMin { get; init; }

    public required DateTimeOffset StartTimeMax { get; init; }

    public TimeSpan? DurationMin { get; init; }

    public TimeSpan? DurationMax { get; init; }

    /// <summary>Maximum number of traces to return; values ≤ 0 mean <see cref="DefaultSearchDepth"/>.</summary>
    public int SearchDepth { get; init; } = DefaultSearchDepth;

    public const int DefaultSearchDepth = 100;

    public int EffectiveSearchDepth => SearchDepth > 0 ? SearchDepth : DefaultSearchDepth;
}
