using Microsoft.Extensions.Logging;

namespace TraceBackend.Collector;

internal static partial class CollectorLog
{
    [LoggerMessage(1, LogLevel.Error, "Storage write of {SpanCount} spans failed; the senders were told to retry")]
    public static partial void StorageWriteFailed(ILogger logger, int spanCount, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Ingest pipeline stopped; {SpanCount} queued spans were written while draining")]
    public static partial void Drained(ILogger logger, long spanCount);

    [LoggerMessage(3, LogLevel.Warning, "Ingest pipeline aborted before draining; {SpanCount} accepted spans were not written")]
    public static partial void Aborted(ILogger logger, long spanCount);

    [LoggerMessage(4, LogLevel.Debug, "OTLP request refused ({Transport}, {Reason}): {Message}")]
    public static partial void Refused(ILogger logger, CollectorTransport transport, RefuseReason reason, string message);
}
