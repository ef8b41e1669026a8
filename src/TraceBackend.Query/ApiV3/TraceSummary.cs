namespace TraceBackend.Query.ApiV3;

/// <summary>One row of <c>/api/v3/trace-summaries</c> (§1.8 TraceSummary table).</summary>
public sealed record TraceSummary
{
    /// <summary>Always 32 lower-case hex digits.</summary>
    public required string TraceId { get; init; }

    public required string RootServiceName { get; init; }

    public required string RootOperationName { get; init; }

    public required ulong MinStartTimeUnixNano { get; init; }

    public required ulong MaxEndTimeUnixNano { get; init; }

    public required int SpanCount { get; init; }

    public required int ErrorSpanCount { get; init; }

    public required int OrphanSpanCount { get; init; }

    /// <summary>Per service, sorted by name (ordinal).</summary>
    public required IReadOnlyList<ServiceSummary> Services { get; init; }
}
