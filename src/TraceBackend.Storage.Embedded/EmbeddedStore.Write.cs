using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded;

public sealed partial class EmbeddedStore
{
    /// <summary>
    /// See <see cref="ITraceWriter.WriteAsync"/>: appends the batch to the write-ahead log (completing once durable
    /// per <see cref="EmbeddedStoreOptions.WalSync"/>), then inserts it into the head, where it is readable at once.
    /// Throws <see cref="ArgumentException"/> for a null span or a batch larger than the WAL's record limit,
    /// <see cref="ObjectDisposedException"/> after dispose, and <see cref="IOException"/> when the WAL append fails
    /// (nothing of the batch is stored). While the head is over twice <see cref="EmbeddedStoreOptions.MaxHeadSpans"/>
    /// the write first waits for the flusher to make room (backpressure); it fails with <see cref="IOException"/> when
    /// blocks cannot be written (until the disk recovers) or no room appears in time. Cancellation is observed only before
    /// the batch reaches the WAL.
    /// </summary>
    public async ValueTask WriteAsync(IReadOnlyList<Span> spans, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spans);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        for (var i = 0; i < spans.Count; i++)
        {
            if (spans[i] is null)
            {
                throw new ArgumentException($"span at index {i} is null", nameof(spans));
            }
        }

        if (spans.Count == 0)
        {
            return;
        }

        if (Volatile.Read(ref _headSpanCount) > 2L * _options.MaxHeadSpans)
        {
            await WaitForHeadRoomAsync(cancellationToken).ConfigureAwait(false);
        }

        var slot = _inFlight.Register(_sampleNextIndex);
        try
        {
            // Dispose waits for registered writes; one registering after it started must not reach the closed WAL.
            ThrowIfDisposed();
            long index;
            try
            {
                _options.WalAppendFault?.Invoke();
                index = await _wal.AppendAsync(spans, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new IOException($"embedded store: write-ahead log append failed, the batch was not stored: {ex.Message}", ex);
            }

            var now = _time.GetUtcNow().UtcTicks;
            long headSpans;
            _lock.EnterWriteLock();
            try
            {
                _head.Add(spans, index, now);
                headSpans = _head.SpanCount;
                Volatile.Write(ref _headSpanCount, headSpans);
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            if (headSpans > _options.MaxHeadSpans)
            {
                SignalFlush();
            }
        }
        finally
        {
            _inFlight.Unregister(slot);
        }
    }

    /// <summary>
    /// Backpressure for a head over twice its limit: spans arrive faster than blocks are written (or blocks cannot be
    /// written). Waits for flushes to make room — so the collector's bounded queue fills and clients are told to
    /// retry — instead of letting memory grow. Throws <see cref="IOException"/> at once when the last block write
    /// failed, and when no room appeared within <see cref="EmbeddedStoreOptions.HeadRoomWait"/>.
    /// </summary>
    private async ValueTask WaitForHeadRoomAsync(CancellationToken cancellationToken)
    {
        var limit = 2L * _options.MaxHeadSpans;
        var deadline = _time.GetTimestamp() + (long)(_options.HeadRoomWait.TotalSeconds * _time.TimestampFrequency);
        while (Volatile.Read(ref _headSpanCount) > limit)
        {
            if (_blockWriteFailure is { } reason)
            {
                throw new IOException($"embedded store: head full because blocks cannot be written: {reason}");
            }

            if (_time.GetTimestamp() >= deadline)
            {
                throw new IOException(
                    $"embedded store: head holds {Volatile.Read(ref _headSpanCount)} spans, over twice its limit of {_options.MaxHeadSpans}, and flushing did not make room within {_options.HeadRoomWait.TotalSeconds:0.#} s; retry later");
            }

            var attempted = Volatile.Read(ref _flushAttempted).Task;
            SignalFlush();
            await attempted.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfDisposed();
        }
    }

    /// <summary>Wakes writers waiting for head room after a flush attempt, successful or not.</summary>
    private void NotifyFlushAttempted() =>
        Interlocked.Exchange(ref _flushAttempted, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private void SignalFlush()
    {
        if (_flushSignal.CurrentCount == 0)
        {
            try
            {
                _flushSignal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer signalled first.
            }
        }
    }
}
