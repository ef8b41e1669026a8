using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Compaction;

namespace TraceBackend.Storage.Embedded;

public sealed partial class EmbeddedStore
{
    /// <summary>
    /// Runs one compaction pass and one retention pass now. Throws (leaving the inputs in place) when a compacted block
    /// cannot be written.
    /// </summary>
    public Task CompactAsync(CancellationToken cancellationToken = default) => CompactAsync(closeAllWindows: false, cancellationToken);

    /// <summary>
    /// As <see cref="CompactAsync(CancellationToken)"/>; with <paramref name="closeAllWindows"/> every window is treated
    /// as closed (no more spans expected), so each ends as few blocks as the size limit allows — for measuring the
    /// settled size of the data (admin <c>POST /debug/compact</c>) and before a backup.
    /// </summary>
    public async Task CompactAsync(bool closeAllWindows, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _compactionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CompactOnceAsync(closeAllWindows, cancellationToken).ConfigureAwait(false);
            ApplyRetention();
        }
        finally
        {
            _compactionGate.Release();
        }
    }

    private async Task RunCompactionLoopAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.CompactionInterval, stop).ConfigureAwait(false);
                await CompactAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                EmbeddedStoreLog.CompactionFailed(_logger, ex);
            }
        }
    }

    /// <summary>
    /// Merges each group <see cref="CompactionPlanner"/> picks into a block one level above its highest input, publishes
    /// it and removes the inputs (deleted once no read still uses them). Called under the compaction gate, so the
    /// inputs stay in the block set until this pass removes them (flushes only add blocks).
    /// </summary>
    private async Task CompactOnceAsync(bool closeAllWindows, CancellationToken cancellationToken)
    {
        BlockSet blocks;
        _lock.EnterReadLock();
        try
        {
            blocks = _blocks.Acquire();
        }
        finally
        {
            _lock.ExitReadLock();
        }

        try
        {
            // A window is closed once spans cut late from the head (idle period, maximum live time) can no longer land in it.
            var settle = _options.MaxTraceLive + _options.TraceIdlePeriod + _options.TraceIdlePeriod;
            var closedBefore = closeAllWindows ? ulong.MaxValue : UnixTime.ToNanos(_time.GetUtcNow() - settle);
            foreach (var group in CompactionPlanner.Plan(blocks.Blocks, static b => b.Meta, _options.CompactionWindow, _options.MaxCompactedBlockSpans, closedBefore))
            {
                var options = new BlockBuildOptions
                {
                    RowGroupSpans = _options.RowGroupSpans,
                    CompactionLevel = group.Max(b => b.Meta.CompactionLevel) + 1,
                    WalCheckpoint = group.Max(b => b.Meta.WalCheckpoint),
                    CompactedFrom = [.. group.Select(b => b.Meta.BlockId)],
                    Fsync = _options.FsyncBlocks,
                };
                _options.BlockWriteFault?.Invoke();
                BlockMeta meta;
                var builder = BlockBuilder.Create(_blocksDirectory, options);
                await using (builder.ConfigureAwait(false))
                {
                    await BlockMerger.MergeAsync([.. group.Select(b => b.Block)], builder, cancellationToken).ConfigureAwait(false);
                    meta = await builder.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }

                var handle = NewHandle(OpenWrittenBlock(meta.BlockId));
                BlockSet replaced;
                _lock.EnterWriteLock();
                try
                {
                    replaced = SwapBlocksLocked(group, handle);
                }
                finally
                {
                    _lock.ExitWriteLock();
                }

                replaced.Release();

                EmbeddedStoreLog.Compacted(_logger, group.Count, group.Sum(b => b.Meta.SpanCount), meta.BlockId, meta.SpanCount, meta.CompactionLevel);
            }
        }
        finally
        {
            blocks.Release();
        }
    }

    /// <summary>Removes the blocks whose newest span started before now − <see cref="EmbeddedStoreOptions.Retention"/> (zero keeps all).</summary>
    private void ApplyRetention()
    {
        if (_options.Retention == TimeSpan.Zero)
        {
            return;
        }

        var cutoff = _time.GetUtcNow() - _options.Retention;
        var cutoffNanos = UnixTime.ToNanos(cutoff);
        List<BlockHandle> expired;
        BlockSet replaced;
        _lock.EnterWriteLock();
        try
        {
            expired = _blocks.Blocks.Where(b => b.Meta.MaxStartUnixNano < cutoffNanos).ToList();
            if (expired.Count == 0)
            {
                return;
            }

            replaced = SwapBlocksLocked(expired, null);
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        replaced.Release();
        foreach (var block in expired)
        {
            EmbeddedStoreLog.BlockExpired(_logger, block.Meta.BlockId, UnixTime.FromNanos(block.Meta.MaxStartUnixNano), cutoff);
        }
    }
}
