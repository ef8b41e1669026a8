namespace TraceBackend.Cql;

/// <summary>Write_failure (0x1500): a replica failed (not timed out) while writing.</summary>
public sealed class CqlWriteFailureException(
    string serverMessage, string? host, CqlConsistency consistency, int received, int blockFor, int failures, string writeType)
    : CqlServerException(CqlErrorCode.WriteFailure, serverMessage, host)
{
    public CqlConsistency Consistency { get; } = consistency;

    public int Received { get; } = received;

    public int BlockFor { get; } = blockFor;

    public int Failures { get; } = failures;

    public string WriteType { get; } = writeType;
}
