namespace TraceBackend.LoadGen.Sending;

public enum ExportOutcomeKind
{
    /// <summary>The server acknowledged the request; <see cref="ExportOutcome.RejectedSpans"/> of its spans were rejected.</summary>
    Acked,

    /// <summary>Permanent refusal or retries exhausted: the spans count as failed.</summary>
    Failed,

    /// <summary>Cancelled by the caller before an answer: the outcome at the server is unknown.</summary>
    Aborted,
}
