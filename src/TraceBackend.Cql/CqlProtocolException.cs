namespace TraceBackend.Cql;

/// <summary>The server sent bytes this client cannot interpret as protocol v4 (or an unexpected reply). Not retryable.</summary>
public sealed class CqlProtocolException(string message, string? host = null) : CqlException(message, host)
{
    public override bool IsRetryable => false;
}
