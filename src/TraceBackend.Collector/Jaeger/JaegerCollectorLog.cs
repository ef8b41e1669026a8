using Microsoft.Extensions.Logging;

namespace TraceBackend.Collector.Jaeger;

internal static partial class JaegerCollectorLog
{
    [LoggerMessage(101, LogLevel.Debug, "Jaeger PostSpans refused ({Reason}): {Message}")]
    public static partial void Refused(ILogger logger, RefuseReason reason, string message);

    [LoggerMessage(102, LogLevel.Warning, "Jaeger PostSpans: {RejectedSpans} invalid spans dropped, {AcceptedSpans} stored (Jaeger has no partial-success reply): {Message}")]
    public static partial void PartiallyRejected(ILogger logger, int rejectedSpans, int acceptedSpans, string message);
}
