namespace TraceBackend.LoadGen.Sending;

/// <summary>
/// Final result of a request after retries: <see cref="Retries"/> re-sends happened; <see cref="LatencyMs"/>
/// is the duration of the successful attempt (0 otherwise); <see cref="Error"/> the last failure.
/// </summary>
public readonly record struct ExportOutcome(ExportOutcomeKind Kind, long RejectedSpans, int Retries, double LatencyMs, string? Error);
