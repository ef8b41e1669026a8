namespace TraceBackend.Cql;

/// <summary>Read_failure (0x1300): a replica failed (not timed out) while reading.</summary>
public sealed class CqlReadFailureException(
    string serverMessage, string? host, CqlConsistency consistency, int received, int blockFor, int failures, bool dataPresent)
    : CqlServerException(CqlErrorCode.ReadFailure, serverMessage, host)
{
    public CqlConsistency Consistency { get; } = consistency;

    public int Received { get; } = received;

    public int BlockFor { get; } = blockFor;

    public int Failures { get; } = failures;

    public bool DataPresent { get; } = dataPresent;
}
