namespace TraceBackend.Cql;

/// <summary>
/// Authentication failed (0x0100 from the server), or the server requires authentication and no credentials are
/// configured. Not retryable.
/// </summary>
public sealed class CqlAuthenticationException(string serverMessage, string? host)
    : CqlServerException(CqlErrorCode.AuthenticationError, serverMessage, host);
