using TraceBackend.Storage.Embedded.Blocks;

namespace TraceBackend.Storage.Embedded.Compaction;

/// <summary>
/// An open block shared by the block sets that list it. Reference counted: each <see cref="BlockSet"/> holding it
/// counts once; when the last one is released the block is closed and, if it was removed by compaction or
/// retention (<see cref="MarkRemoved"/>), its directory is renamed <c>*.deleted</c> and deleted. So a query that
/// leased a set keeps reading a removed block until it is done.
/// </summary>
internal sealed class BlockHandle(Block block, Action<BlockHandle, Exception> onDeleteFailed)
{
    private int _references;
    private volatile bool _removed;

    public Block Block { get; } = block;

    public BlockMeta Meta => Block.Meta;

    public bool IsRemoved => _removed;

    /// <summary>True once the directory is gone (tests).</summary>
    public bool IsDeleted { get; private set; }

    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>The block's data is no longer needed: delete it once the last holder releases it.</summary>
    public void MarkRemoved() => _removed = true;

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        var directory = Block.Directory;
        Block.Dispose();
        if (_removed)
        {
            try
            {
                var deleted = directory + BlockFormat.DeletedSuffix;
                Directory.Move(directory, deleted);
                Directory.Delete(deleted, recursive: true);
                IsDeleted = true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for BlockCatalog to finish at the next start (a *.deleted directory, or an input listed in
                // a compacted block's CompactedFrom).
                onDeleteFailed(this, ex);
            }
        }
    }
}
