using Microsoft.Extensions.Logging;

namespace TraceBackend.Cql.Internal;

/// <summary>All log events of the CQL client (source-generated; event ids are stable).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "CQL connection to {Host} ready (lz4: {Compressed})")]
    public static partial void ConnectionOpened(ILogger logger, string host, bool compressed);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "CQL connection to {Host} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "CQL host {Host} marked down; reconnecting in {DelayMs} ms")]
    public static partial void HostDown(ILogger logger, string host, long delayMs, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "CQL host {Host} is up again")]
    public static partial void HostUp(ILogger logger, string host);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Server warning from {Host}: {Warning}")]
    public static partial void ServerWarning(ILogger logger, string host, string warning);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "{Host} does not know prepared statement {Cql}; preparing it again")]
    public static partial void Repreparing(ILogger logger, string host, string cql);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Request was not sent on the closed connection to {Host}; trying another connection")]
    public static partial void RetryingUnsent(ILogger logger, string host);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "{Host} answered stream {StreamId}, which has no request waiting")]
    public static partial void UnexpectedReply(ILogger logger, string host, short streamId);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Late reply from {Host} on stream {StreamId}; the stream id is free again")]
    public static partial void LateReply(ILogger logger, string host, short streamId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "LZ4 compression requested but {Host} does not offer it; this connection stays uncompressed")]
    public static partial void Lz4NotOffered(ILogger logger, string host);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Host} uses authenticator {Authenticator}; answering with SASL PLAIN credentials")]
    public static partial void NonPasswordAuthenticator(ILogger logger, string host, string authenticator);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Schema versions disagree: {Versions}")]
    public static partial void SchemaDisagreement(ILogger logger, string versions);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Could not open an extra CQL connection to {Host}")]
    public static partial void PoolFillFailed(ILogger logger, string host, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "Ignoring server-initiated frame (opcode {Opcode}) from {Host}")]
    public static partial void ServerPushIgnored(ILogger logger, string host, byte opcode);

    [LoggerMessage(EventId = 15, Level = LogLevel.Debug, Message = "Reconnection attempt {Attempt} to {Host} failed; next in {DelayMs} ms")]
    public static partial void ReconnectFailed(ILogger logger, string host, int attempt, long delayMs, Exception exception);
}
