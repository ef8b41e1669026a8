namespace TraceBackend.Cql;

/// <summary>Function_failure (0x1400): a user-defined function failed.</summary>
public sealed class CqlFunctionFailureException(
    string serverMessage, string? host, string keyspace, string function, IReadOnlyList<string> argumentTypes)
    : CqlServerException(CqlErrorCode.FunctionFailure, serverMessage, host)
{
    public string Keyspace { get; } = keyspace;

    public string Function { get; } = function;

    public IReadOnlyList<string> ArgumentTypes { get; } = argumentTypes;
}
