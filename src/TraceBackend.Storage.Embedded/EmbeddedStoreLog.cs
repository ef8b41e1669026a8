using Microsoft.Extensions.Logging;

namespace TraceBackend.Storage.Embedded;

internal static partial class EmbeddedStoreLog
{
    [LoggerMessage(60, LogLevel.Information, "Embedded store opened in {Directory}: {BlockCount} blocks ({BlockSpans} spans), replayed {ReplayedBatches} write-ahead log batches from index {Checkpoint} ({HeadSpans} spans in the head)")]
    public static partial void Opened(ILogger logger, string directory, int blockCount, long blockSpans, long replayedBatches, long checkpoint, long headSpans);

    [LoggerMessage(61, LogLevel.Debug, "Flushed {TraceCount} traces ({SpanCount} spans) into block {BlockId}; write-ahead log checkpoint {Checkpoint}, {DeletedSegments} segments deleted")]
    public static partial void Flushed(ILogger logger, int traceCount, long spanCount, Guid blockId, long checkpoint, int deletedSegments);

    [LoggerMessage(62, LogLevel.Error, "Embedded store could not write a block of {TraceCount} traces; they stay in the head (and the write-ahead log) and the flush is retried. Head: {HeadSpans} spans")]
    public static partial void FlushFailed(ILogger logger, int traceCount, long headSpans, Exception exception);

    [LoggerMessage(63, LogLevel.Information, "Compacted {InputCount} blocks ({InputSpans} spans) into block {BlockId} ({OutputSpans} spans, level {Level})")]
    public static partial void Compacted(ILogger logger, int inputCount, long inputSpans, Guid blockId, long outputSpans, int level);

    [LoggerMessage(64, LogLevel.Error, "Embedded store compaction failed; the input blocks are kept and compaction is retried")]
    public static partial void CompactionFailed(ILogger logger, Exception exception);

    [LoggerMessage(65, LogLevel.Information, "Retention removed block {BlockId}: its newest span started at {MaxStart:o}, before {Cutoff:o}")]
    public static partial void BlockExpired(ILogger logger, Guid blockId, DateTimeOffset maxStart, DateTimeOffset cutoff);

    [LoggerMessage(66, LogLevel.Warning, "Could not delete removed block directory {Directory}; it is deleted at the next start")]
    public static partial void BlockDeleteFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(67, LogLevel.Error, "Deleting write-ahead log segments before index {Checkpoint} failed; they are retried after the next flush")]
    public static partial void WalTrimFailed(ILogger logger, long checkpoint, Exception exception);

    [LoggerMessage(69, LogLevel.Error, "Embedded store flush failed unexpectedly; retried at the next check")]
    public static partial void FlushLoopFailed(ILogger logger, Exception exception);
}
