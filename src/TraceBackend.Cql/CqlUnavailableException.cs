namespace TraceBackend.Cql;

/// <summary>Unavailable (0x1000): fewer replicas alive than the consistency level requires.</summary>
public sealed class CqlUnavailableException(
    string serverMessage, string? host, CqlConsistency consistency, int required, int alive)
    : CqlServerException(CqlErrorCode.Unavailable, serverMessage, host)
{
    public CqlConsistency Consistency { get; } = consistency;

    public int Required { get; } = required;

    public int Alive { get; } = alive;
}
