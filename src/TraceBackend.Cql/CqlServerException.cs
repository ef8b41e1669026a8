namespace TraceBackend.Cql;

/// <summary>An ERROR message from the server (spec §4.2.1): the code, the server's text and the host that sent it.</summary>
public class CqlServerException : CqlException
{
    public CqlServerException(CqlErrorCode code, string serverMessage, string? host)
        : this(code, serverMessage, host, $"{serverMessage} ({Describe(code)} from {host ?? "server"})")
    {
    }

    protected CqlServerException(CqlErrorCode code, string serverMessage, string? host, string message)
        : base(message, host)
    {
        Code = code;
        ServerMessage = serverMessage;
    }

    public CqlErrorCode Code { get; }

    /// <summary>The [string] message exactly as the server sent it.</summary>
    public string ServerMessage { get; }

    /// <summary>Unavailable, Overloaded, Is_bootstrapping, Read_timeout and Write_timeout are transient.</summary>
    public override bool IsRetryable => Code is CqlErrorCode.Unavailable or CqlErrorCode.Overloaded
        or CqlErrorCode.IsBootstrapping or CqlErrorCode.ReadTimeout or CqlErrorCode.WriteTimeout
        or CqlErrorCode.Unprepared;

    protected static string Describe(CqlErrorCode code) => $"CQL error 0x{(int)code:X4} {code}";
}
