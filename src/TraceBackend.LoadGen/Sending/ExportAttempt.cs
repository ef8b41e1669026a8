namespace TraceBackend.LoadGen.Sending;

/// <summary>
/// Result of one transport attempt. <see cref="RejectedSpans"/> is the server's partial-success count
/// (only on success); <see cref="RetryAfter"/> is the server's hint (Retry-After / grpc-retry-pushback-ms),
/// if any; <see cref="Error"/> describes a failure.
/// </summary>
public readonly record struct ExportAttempt(ExportAttemptKind Kind, long RejectedSpans, TimeSpan? RetryAfter, string? Error)
{
    public static ExportAttempt Success(long rejectedSpans) => new(ExportAttemptKind.Success, rejectedSpans, null, null);

    public static ExportAttempt Retryable(string error, TimeSpan? retryAfter = null) => new(ExportAttemptKind.Retryable, 0, retryAfter, error);

    public static ExportAttempt Permanent(string error) => new(ExportAttemptKind.Permanent, 0, null, error);
}
