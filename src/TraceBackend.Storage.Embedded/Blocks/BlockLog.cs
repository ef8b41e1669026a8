using Microsoft.Extensions.Logging;

namespace TraceBackend.Storage.Embedded.Blocks;

internal static partial class BlockLog
{
    [LoggerMessage(101, LogLevel.Error, "Block {Directory} cannot be opened ({Reason}); renamed to {NewPath} and skipped")]
    public static partial void CorruptBlock(ILogger logger, string directory, string reason, string newPath);

    [LoggerMessage(102, LogLevel.Warning, "Removed leftover block directory {Directory} ({Reason})")]
    public static partial void LeftoverRemoved(ILogger logger, string directory, string reason);

    [LoggerMessage(103, LogLevel.Error, "Block {Directory} cannot be opened ({Reason}) and could not be renamed; skipped")]
    public static partial void CorruptBlockNotRenamed(ILogger logger, string directory, string reason, Exception exception);

    [LoggerMessage(104, LogLevel.Information, "Opened {BlockCount} blocks ({SpanCount} spans) in {Directory}")]
    public static partial void Loaded(ILogger logger, int blockCount, long spanCount, string directory);

    [LoggerMessage(105, LogLevel.Warning, "Could not remove leftover block directory {Directory}")]
    public static partial void LeftoverNotRemoved(ILogger logger, string directory, Exception exception);
}
