namespace TraceBackend.Cql;

/// <summary>Base of every failure the client reports (server errors, connection loss, timeouts, protocol violations).</summary>
public abstract class CqlException : Exception
{
    protected CqlException(string message, string? host, Exception? innerException = null)
        : base(message, innerException)
    {
        Host = host;
    }

    /// <summary>
    /// True when the same request may succeed if sent again (the server or the network was transiently unable to
    /// serve it). A request that may already have been applied is also retryable: only retry idempotent statements.
    /// </summary>
    public abstract bool IsRetryable { get; }

    /// <summary>The host (<c>host:port</c>) that produced the failure, when one did.</summary>
    public string? Host { get; }
}
