namespace TraceBackend.Otlp;

/// <summary>
/// Replacement values and warnings of the ingest sanitizers, as Jaeger v2 applies them before storing
/// (reference §2.1). Each fix adds a warning to the span.
/// </summary>
public static class SpanSanitizer
{
    public const string MissingServiceName = "missing-service-name";
    public const string EmptyServiceName = "empty-service-name";
    public const string ServiceNameWrongType = "service-name-wrong-type";
    public const string EmptySpanName = "empty-span-name";

    public const string MissingServiceNameWarning = "service.name resource attribute is missing; set to " + MissingServiceName;
    public const string EmptyServiceNameWarning = "service.name resource attribute is empty; set to " + EmptyServiceName;
    public const string ServiceNameWrongTypeWarning = "service.name resource attribute is not a string; set to " + ServiceNameWrongType;
    public const string EmptySpanNameWarning = "span name is empty; set to " + EmptySpanName;

    /// <summary>
    /// The reference (§1.6, §2.1) states the Jaeger v2 rule as "end ≤ start → end = start + 1 ns", so a
    /// zero-length span is widened to 1 ns, too.
    /// </summary>
    public static bool NeedsEndTimeFix(ulong startTimeUnixNano, ulong endTimeUnixNano) => endTimeUnixNano <= startTimeUnixNano;

    public static string EndTimeWarning(ulong start, ulong end) =>
        $"end time {end} is not after start time {start}; end set to start + 1ns";
}
