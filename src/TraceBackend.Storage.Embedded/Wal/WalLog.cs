using Microsoft.Extensions.Logging;

namespace TraceBackend.Storage.Embedded.Wal;

internal static partial class WalLog
{
    [LoggerMessage(1, LogLevel.Warning, "Write-ahead log segment {Path}: {Reason}; torn tail truncated from {FileLength} to {ValidLength} bytes, keeping {RecordCount} records")]
    public static partial void TornTailTruncated(ILogger logger, string path, string reason, long fileLength, long validLength, long recordCount);

    [LoggerMessage(2, LogLevel.Warning, "Write-ahead log segment {Path}: {Reason}; the incomplete segment was deleted")]
    public static partial void TornSegmentDeleted(ILogger logger, string path, string reason);

    [LoggerMessage(3, LogLevel.Error, "Write-ahead log segment {Path} is corrupt ({Reason}) after {RecordCount} intact records; replay stops there. The damaged file was renamed to {NewPath}; its intact records were kept in {Path}")]
    public static partial void CorruptSegment(ILogger logger, string path, string reason, long recordCount, string newPath);

    [LoggerMessage(4, LogLevel.Error, "Write-ahead log segment {Path} follows a corrupt segment and was not replayed; renamed to {NewPath}")]
    public static partial void SegmentSetAside(ILogger logger, string path, string newPath);

    [LoggerMessage(5, LogLevel.Critical, "Write-ahead log {Operation} of {Path} failed; the log refuses further appends until the process restarts")]
    public static partial void LogFailed(ILogger logger, string operation, string path, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "Write-ahead log append of {RecordCount} records to {Path} failed; rolled back to {Length} bytes")]
    public static partial void AppendFailed(ILogger logger, int recordCount, string path, long length, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Write-ahead log opened in {Directory}: {SegmentCount} segments, {RecordCount} records, next index {NextIndex}")]
    public static partial void Opened(ILogger logger, string directory, int segmentCount, long recordCount, long nextIndex);

    [LoggerMessage(8, LogLevel.Warning, "Write-ahead log final fsync on close failed")]
    public static partial void CloseFlushFailed(ILogger logger, Exception exception);
}
