using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Compaction;
using TraceBackend.Storage.Embedded.Head;

namespace TraceBackend.Storage.Embedded;

public sealed partial class EmbeddedStore
{
    /// <summary>
    /// Cuts every head trace into a block now (tests, graceful shutdown). Throws <see cref="IOException"/> when the
    /// block cannot be written (the traces stay in the head and the WAL), <see cref="ObjectDisposedException"/> after
    /// dispose.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return FlushCoreAsync(cutAll: true, throwOnFailure: true, cancellationToken);
    }

    private async Task RunFlushLoopAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _flushSignal.WaitAsync(_options.FlushCheckInterval, stop).ConfigureAwait(false);
                await FlushCoreAsync(cutAll: false, throwOnFailure: false, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Not a block write failure (those are handled inside): log and keep the loop alive.
                EmbeddedStoreLog.FlushLoopFailed(_logger, ex);
            }
        }
    }

    /// <summary>
    /// One flush: selects the traces to cut (all, or by the idle/live/size policy) and the WAL checkpoint under the
    /// read lock, writes them sorted by trace ID into a block outside the lock, then — under the write lock — publishes
    /// the block and removes the flushed spans from the head (spans that arrived meanwhile stay as a new fragment),
    /// and finally deletes WAL segments below the checkpoint. One flush at a time.
    /// </summary>
    private async Task FlushCoreAsync(bool cutAll, bool throwOnFailure, CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow().UtcTicks;

            // Sampled before the head: a write registering later gets an index at or above it (InFlightWrites).
            var checkpoint = _inFlight.LowestPossibleIndex(_sampleNextIndex);
            List<(HeadTrace Trace, ArraySegment<Span> Spans)> cut;
            long headSpans;
            _lock.EnterReadLock();
            try
            {
                cut = SelectTracesToCut(cutAll, now);
                headSpans = _head.SpanCount;
                var cutSet = new HashSet<HeadTrace>(cut.Select(c => c.Trace), ReferenceEqualityComparer.Instance);
                foreach (var trace in _head.Traces)
                {
                    if (trace.FirstWalIndex < checkpoint && !cutSet.Contains(trace))
                    {
                        checkpoint = trace.FirstWalIndex;
                    }
                }
            }
            finally
            {
                _lock.ExitReadLock();
            }

            if (cut.Count == 0)
            {
                return;
            }

            cut.Sort(static (a, b) => a.Trace.TraceId.CompareTo(b.Trace.TraceId));
            BlockHandle handle;
            try
            {
                _options.BlockWriteFault?.Invoke();
                var meta = await WriteBlockAsync(cut, checkpoint, cancellationToken).ConfigureAwait(false);
                handle = NewHandle(OpenWrittenBlock(meta.BlockId));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _blockWriteFailure = ex.Message;
                EmbeddedStoreLog.FlushFailed(_logger, cut.Count, headSpans, ex);
                if (throwOnFailure)
                {
                    throw new IOException($"embedded store: writing a block of {cut.Count} traces failed (they stay in the head and the write-ahead log): {ex.Message}", ex);
                }

                return;
            }

            _blockWriteFailure = null;
            BlockSet replaced;
            _lock.EnterWriteLock();
            try
            {
                replaced = SwapBlocksLocked([], handle);
                foreach (var (trace, spans) in cut)
                {
                    // Only flushes replace head fragments, and they run one at a time: the fragment is still there.
                    _head.RemoveFlushed(trace, spans.Count, now);
                }

                Volatile.Write(ref _headSpanCount, _head.SpanCount);
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            replaced.Release();
            var deleted = 0;
            try
            {
                deleted = await _wal.DeleteBatchesBeforeAsync(checkpoint).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                EmbeddedStoreLog.WalTrimFailed(_logger, checkpoint, ex);
            }

            EmbeddedStoreLog.Flushed(_logger, cut.Count, handle.Meta.SpanCount, handle.Meta.BlockId, checkpoint, deleted);
        }
        finally
        {
            _flushGate.Release();
            NotifyFlushAttempted();
        }
    }

    /// <summary>
    /// Under the read lock: every trace when <paramref name="cutAll"/>; otherwise those idle for
    /// <see cref="EmbeddedStoreOptions.TraceIdlePeriod"/> or live for <see cref="EmbeddedStoreOptions.MaxTraceLive"/>,
    /// plus — while the head would stay over <see cref="EmbeddedStoreOptions.MaxHeadSpans"/> — the least recently
    /// updated others until it is at three quarters of the limit.
    /// </summary>
    private List<(HeadTrace Trace, ArraySegment<Span> Spans)> SelectTracesToCut(bool cutAll, long now)
    {
        var cut = new List<(HeadTrace, ArraySegment<Span>)>();
        var idleTicks = _options.TraceIdlePeriod.Ticks;
        var liveTicks = _options.MaxTraceLive.Ticks;
        var remaining = _head.SpanCount;
        List<HeadTrace>? kept = null;
        foreach (var trace in _head.Traces)
        {
            if (cutAll || now - trace.LastUpdateTicks >= idleTicks || now - trace.FirstSeenTicks >= liveTicks)
            {
                cut.Add((trace, trace.Snapshot));
                remaining -= trace.Count;
            }
            else if (_head.SpanCount > _options.MaxHeadSpans)
            {
                (kept ??= []).Add(trace);
            }
        }

        if (kept is not null && remaining > _options.MaxHeadSpans)
        {
            var target = _options.MaxHeadSpans - (_options.MaxHeadSpans / 4);
            kept.Sort(static (a, b) => a.LastUpdateTicks.CompareTo(b.LastUpdateTicks));
            foreach (var trace in kept)
            {
                if (remaining <= target)
                {
                    break;
                }

                cut.Add((trace, trace.Snapshot));
                remaining -= trace.Count;
            }
        }

        return cut;
    }

    private async Task<BlockMeta> WriteBlockAsync(List<(HeadTrace Trace, ArraySegment<Span> Spans)> traces, long checkpoint, CancellationToken cancellationToken)
    {
        var options = new BlockBuildOptions
        {
            RowGroupSpans = _options.RowGroupSpans,
            CompactionLevel = 0,
            WalCheckpoint = checkpoint,
            Fsync = _options.FsyncBlocks,
        };
        var builder = BlockBuilder.Create(_blocksDirectory, options);
        await using (builder.ConfigureAwait(false))
        {
            foreach (var (trace, spans) in traces)
            {
                await builder.AddTraceAsync(trace.TraceId, spans, cancellationToken).ConfigureAwait(false);
            }

            return await builder.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens a block this store just wrote; if it cannot be opened it is deleted (it was never published).</summary>
    private Block OpenWrittenBlock(Guid blockId)
    {
        var directory = Path.Combine(_blocksDirectory, blockId.ToString());
        try
        {
            return Block.Open(directory);
        }
        catch
        {
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                EmbeddedStoreLog.BlockDeleteFailed(_logger, directory, ex);
            }

            throw;
        }
    }
}
