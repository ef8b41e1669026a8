namespace TraceBackend.Cql;

/// <summary>Write_timeout (0x1100). <see cref="WriteType"/> is SIMPLE, BATCH, UNLOGGED_BATCH, COUNTER, BATCH_LOG, …</summary>
public sealed class CqlWriteTimeoutException(
    string serverMessage, string? host, CqlConsistency consistency, int received, int blockFor, string writeType)
    : CqlServerException(CqlErrorCode.WriteTimeout, serverMessage, host)
{
    public CqlConsistency Consistency { get; } = consistency;

    public int Received { get; } = received;

    public int BlockFor { get; } = blockFor;

    public string WriteType { get; } = writeType;
}
