using Microsoft.Extensions.Logging;

namespace TraceBackend.Storage.Embedded.Wal;

internal static partial class SpanWalLog
{
    [LoggerMessage(20, LogLevel.Error, "Write-ahead log record {Index} in {Directory} is not a span batch and was skipped on replay: {Reason}")]
    public static partial void UndecodableRecord(ILogger logger, long index, string directory, string reason);

    [LoggerMessage(21, LogLevel.Warning, "Write-ahead log record {Index} in {Directory}: {RejectedSpans} spans could not be restored and were skipped on replay: {Reason}")]
    public static partial void RejectedSpans(ILogger logger, long index, string directory, int rejectedSpans, string reason);
}
