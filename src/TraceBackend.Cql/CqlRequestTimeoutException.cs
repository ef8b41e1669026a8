namespace TraceBackend.Cql;

/// <summary>
/// No reply within the request timeout. The request may still be applied by the server, so only idempotent statements
/// should be retried. The stream id stays reserved until the late reply arrives or the connection closes.
/// </summary>
public sealed class CqlRequestTimeoutException(string? host, TimeSpan timeout)
    : CqlException($"no reply from {host ?? "any host"} within {timeout.TotalMilliseconds:0} ms", host)
{
    public TimeSpan Timeout { get; } = timeout;

    public override bool IsRetryable => true;
}
