using Microsoft.Extensions.Logging;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>Finds the blocks of a blocks directory at start-up.</summary>
public static class BlockCatalog
{
    /// <summary>
    /// Opens every complete block under <paramref name="blocksDirectory"/> (created if missing), oldest first by
    /// <see cref="BlockMeta.CreatedAt"/>. Deletes leftovers of interrupted work (<c>*.tmp</c>, <c>*.deleted</c>,
    /// directories without <c>meta.json</c>); renames a block that fails to open to <c>*.corrupt</c> with an error
    /// log naming the reason, and goes on (never throws for block content). Blocks listed in another block's
    /// <see cref="BlockMeta.CompactedFrom"/> are leftovers of a compaction interrupted before the inputs were
    /// removed: they are deleted, not opened.
    /// </summary>
    public static IReadOnlyList<Block> Load(string blocksDirectory, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(blocksDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        Directory.CreateDirectory(blocksDirectory);
        var opened = new List<Block>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories(blocksDirectory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(directory);
                if (name.EndsWith(BlockFormat.CorruptSuffix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (name.EndsWith(BlockFormat.TempSuffix, StringComparison.Ordinal))
                {
                    Remove(directory, "unfinished block write", logger);
                    continue;
                }

                if (name.EndsWith(BlockFormat.DeletedSuffix, StringComparison.Ordinal))
                {
                    Remove(directory, "block removed by compaction or retention", logger);
                    continue;
                }

                if (!File.Exists(Path.Combine(directory, BlockFormat.MetaFileName)))
                {
                    Remove(directory, "no meta.json: incomplete block", logger);
                    continue;
                }

                try
                {
                    opened.Add(Block.Open(directory));
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    Quarantine(directory, e.Message, logger);
                }
            }

            // Inputs of a compaction whose output is complete: the output replaces them.
            var replaced = opened.SelectMany(b => b.Meta.CompactedFrom).ToHashSet();
            var result = new List<Block>(opened.Count);
            foreach (var block in opened)
            {
                if (replaced.Contains(block.Meta.BlockId))
                {
                    block.Dispose();
                    Remove(block.Directory, "input of a completed compaction", logger);
                }
                else
                {
                    result.Add(block);
                }
            }

            result.Sort(static (a, b) =>
            {
                var c = a.Meta.CreatedAt.CompareTo(b.Meta.CreatedAt);
                return c != 0 ? c : a.Meta.BlockId.CompareTo(b.Meta.BlockId);
            });
            BlockLog.Loaded(logger, result.Count, result.Sum(b => b.Meta.SpanCount), blocksDirectory);
            return result;
        }
        catch
        {
            foreach (var block in opened)
            {
                block.Dispose();
            }

            throw;
        }
    }

    private static void Remove(string directory, string reason, ILogger logger)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
            BlockLog.LeftoverRemoved(logger, directory, reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            BlockLog.LeftoverNotRemoved(logger, directory, e);
        }
    }

    private static void Quarantine(string directory, string reason, ILogger logger)
    {
        var target = directory + BlockFormat.CorruptSuffix;
        for (var i = 1; Directory.Exists(target) || File.Exists(target); i++)
        {
            target = directory + "." + i + BlockFormat.CorruptSuffix;
        }

        try
        {
            Directory.Move(directory, target);
            BlockLog.CorruptBlock(logger, directory, reason, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            BlockLog.CorruptBlockNotRenamed(logger, directory, reason, e);
        }
    }
}
