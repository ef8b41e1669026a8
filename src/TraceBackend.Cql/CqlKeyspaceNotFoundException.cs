namespace TraceBackend.Cql;

/// <summary>An Invalid error (0x2200) saying the keyspace does not exist; the message says how to create it.</summary>
public sealed class CqlKeyspaceNotFoundException(string keyspace, string hint, string serverMessage, string? host)
    : CqlServerException(
        CqlErrorCode.Invalid,
        serverMessage,
        host,
        $"keyspace '{keyspace}' does not exist; {hint} (server said: {serverMessage}; {Describe(CqlErrorCode.Invalid)} from {host ?? "server"})")
{
    public string Keyspace { get; } = keyspace;
}
