namespace TraceBackend.Cql;

/// <summary>Read_timeout (0x1200).</summary>
public sealed class CqlReadTimeoutException(
    string serverMessage, string? host, CqlConsistency consistency, int received, int blockFor, bool dataPresent)
    : CqlServerException(CqlErrorCode.ReadTimeout, serverMessage, host)
{
    public CqlConsistency Consistency { get; } = consistency;

    public int Received { get; } = received;

    public int BlockFor { get; } = blockFor;

    /// <summary>Whether the replica asked for data answered.</summary>
    public bool DataPresent { get; } = dataPresent;
}
