using System.Text.RegularExpressions;
using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>
/// ERROR (spec §4.2.1, codes and extra fields in §9): &lt;code&gt;&lt;message&gt; then per-code fields. Parsed straight into
/// the typed exception that reports it.
/// </summary>
internal sealed partial class ErrorMessage(CqlServerException exception) : BackendMessage
{
    public override string Name => "ERROR";

    public CqlServerException Exception { get; } = exception;

    public static ErrorMessage Read(ref CqlReader reader, in ResponseContext context)
    {
        var code = (CqlErrorCode)reader.ReadInt();
        var message = reader.ReadString();
        var host = context.Host;
        CqlServerException exception = code switch
        {
            CqlErrorCode.Unavailable => new CqlUnavailableException(
                message, host, reader.ReadConsistency(), reader.ReadInt(), reader.ReadInt()),
            CqlErrorCode.WriteTimeout => new CqlWriteTimeoutException(
                message, host, reader.ReadConsistency(), reader.ReadInt(), reader.ReadInt(), reader.ReadString()),
            CqlErrorCode.ReadTimeout => new CqlReadTimeoutException(
                message, host, reader.ReadConsistency(), reader.ReadInt(), reader.ReadInt(), reader.ReadByte() != 0),
            CqlErrorCode.ReadFailure => new CqlReadFailureException(
                message, host, reader.ReadConsistency(), reader.ReadInt(), reader.ReadInt(), reader.ReadInt(), reader.ReadByte() != 0),
            CqlErrorCode.WriteFailure => new CqlWriteFailureException(
                message, host, reader.ReadConsistency(), reader.ReadInt(), reader.ReadInt(), reader.ReadInt(), reader.ReadString()),
            CqlErrorCode.FunctionFailure => new CqlFunctionFailureException(
                message, host, reader.ReadString(), reader.ReadString(), reader.ReadStringList()),
            CqlErrorCode.AlreadyExists => new CqlAlreadyExistsException(message, host, reader.ReadString(), reader.ReadString()),
            CqlErrorCode.Unprepared => new CqlUnpreparedException(message, host, reader.ReadShortBytes()),
            CqlErrorCode.AuthenticationError => new CqlAuthenticationException(message, host),
            CqlErrorCode.Invalid when MissingKeyspace().Match(message) is { Success: true } match =>
                new CqlKeyspaceNotFoundException(match.Groups[1].Value, context.KeyspaceHint, message, host),
            _ => new CqlServerException(code, message, host),
        };
        return new ErrorMessage(exception);
    }

    /// <summary>Cassandra says "Keyspace 'ks' does not exist" (older versions omit the quotes).</summary>
    [GeneratedRegex("""keyspace\s+['"]?([A-Za-z0-9_]+)['"]?\s+does not exist""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MissingKeyspace();
}
