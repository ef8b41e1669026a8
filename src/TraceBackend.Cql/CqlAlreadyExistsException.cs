namespace TraceBackend.Cql;

/// <summary>Already_exists (0x2400). <see cref="Table"/> is empty when the keyspace itself exists.</summary>
public sealed class CqlAlreadyExistsException(string serverMessage, string? host, string keyspace, string table)
    : CqlServerException(CqlErrorCode.AlreadyExists, serverMessage, host)
{
    public string Keyspace { get; } = keyspace;

    public string Table { get; } = table;
}
