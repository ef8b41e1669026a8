using Microsoft.Extensions.Logging;

namespace TraceBackend.Collector.Zipkin;

internal static partial class ZipkinLog
{
    [LoggerMessage(101, LogLevel.Debug, "Zipkin request refused ({Reason}): {Message}")]
    public static partial void Refused(ILogger logger, RefuseReason reason, string message);

    [LoggerMessage(102, LogLevel.Debug, "Zipkin request: {Rejected} spans rejected, {Stored} stored: {Message}")]
    public static partial void PartiallyRejected(ILogger logger, int rejected, int stored, string message);
}
