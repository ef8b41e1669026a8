namespace TraceBackend.Storage.Embedded.Wal;

public sealed partial class WriteAheadLog
{
    private enum Phase
    {
        Write,
        Rotate,
        Sync,
    }

    /// <summary>
    /// The single writer: drains everything queued (bounded per batch), writes it in order and, in
    /// <see cref="WalSyncMode.Always"/>, covers the whole batch with one fsync. Appends arriving during that fsync
    /// form the next batch: that is the group commit.
    /// </summary>
    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>(MaxBatchRecords);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            long bytes = 0;
            while (batch.Count < MaxBatchRecords && bytes < MaxBatchBytes && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                bytes += WalFormat.RecordSize(pending.Payload.Length);
            }

            try
            {
                lock (_ioLock)
                {
                    WriteBatch(batch);
                }
            }
            catch (Exception ex)
            {
                // A bug, not an I/O error: never leave appenders hanging.
                var failure = new IOException($"write-ahead log is unusable after an internal error ({ex.Message}); restart the process", ex);
                Volatile.Write(ref _failure, failure);
                WalLog.LogFailed(_logger, "writer", _walDirectory, ex);
                batch.ForEach(p => p.Fail(failure));
            }

            batch.Clear();
        }
    }

    // Invariant (under _ioLock): bytes [0, _ackedLength) of the active segment are acknowledged records
    // (_ackedCount of them); anything after belongs to the batch being written and is not yet acknowledged.
    private void WriteBatch(List<PendingAppend> batch)
    {
        if (_failure is { } failed)
        {
            var error = new IOException(failed.Message, failed.InnerException);
            batch.ForEach(p => p.Fail(error));
            return;
        }

        var done = 0;
        var written = 0;
        var phase = Phase.Write;
        try
        {
            while (written < batch.Count)
            {
                var active = _segments[^1];
                if (active.RecordCount > 0
                    && active.Length + WalFormat.RecordSize(batch[written].Payload.Length) > _options.SegmentBytes)
                {
                    phase = Phase.Sync;
                    SyncActive();
                    done = Acknowledge(batch, done, written);
                    phase = Phase.Rotate;
                    Rotate();
                    active = _segments[^1];
                }

                var end = written;
                var length = active.Length;
                do
                {
                    length += WalFormat.RecordSize(batch[end].Payload.Length);
                    end++;
                }
                while (end < batch.Count && length + WalFormat.RecordSize(batch[end].Payload.Length) <= _options.SegmentBytes);

                phase = Phase.Write;
                WriteRun(active, batch, written, end);
                written = end;
                if (_options.Sync != WalSyncMode.Always)
                {
                    done = Acknowledge(batch, done, written);
                }
            }

            if (done < written)
            {
                phase = Phase.Sync;
                SyncActive();
                Acknowledge(batch, done, written);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            HandleFailure(phase, ex, batch, done);
        }
    }

    private void WriteRun(WalSegment active, List<PendingAppend> batch, int start, int end)
    {
        var headers = new byte[(end - start) * WalFormat.RecordHeaderSize];
        var buffers = new ReadOnlyMemory<byte>[(end - start) * 2];
        long length = 0;
        for (var i = start; i < end; i++)
        {
            var header = headers.AsMemory((i - start) * WalFormat.RecordHeaderSize, WalFormat.RecordHeaderSize);
            WalFormat.WriteRecordHeader(header.Span, batch[i].Payload.Span);
            buffers[(i - start) * 2] = header;
            buffers[(i - start) * 2 + 1] = batch[i].Payload;
            length += WalFormat.RecordSize(batch[i].Payload.Length);
        }

        _dirty = true;
        _activeFile.Write(buffers, active.Length);
        for (var i = start; i < end; i++)
        {
            batch[i].Index = active.EndIndex + (i - start);
        }

        active.Length += length;
        active.RecordCount += end - start;
        Interlocked.Exchange(ref _nextIndex, active.EndIndex);
    }

    private void SyncActive()
    {
        if (!_dirty)
        {
            return;
        }

        _activeFile.Flush();
        _dirty = false;
        Interlocked.Increment(ref _syncCount);
    }

    private int Acknowledge(List<PendingAppend> batch, int done, int written)
    {
        var active = _segments[^1];
        _ackedLength = active.Length;
        _ackedCount = active.RecordCount;
        for (var i = done; i < written; i++)
        {
            batch[i].Complete();
        }

        return written;
    }

    /// <summary>Starts a new segment after the (already synced) active one. On failure nothing changes.</summary>
    private void Rotate()
    {
        var sequence = _nextSequence++;
        WalSegment segment;
        IWalFile file;
        try
        {
            segment = CreateSegment(_fileSystem, _walDirectory, sequence, _nextIndex, out file);
        }
        catch (Exception ex) when (File.Exists(Path.Combine(_walDirectory, WalFormat.SegmentFileName(sequence))))
        {
            // A partial segment we could not remove would sit between live segments and read as corruption.
            throw new WalFatalException(ex);
        }

        Interlocked.Increment(ref _syncCount);
        _activeFile.Dispose();
        _activeFile = file;
        _segments.Add(segment);
        _ackedLength = segment.Length;
        _ackedCount = 0;
    }

    private void HandleFailure(Phase phase, Exception exception, List<PendingAppend> batch, int done)
    {
        var active = _segments[^1];
        var cause = exception is WalFatalException ? exception.InnerException ?? exception : exception;
        var error = new IOException($"write-ahead log append failed: {cause.Message}", cause);
        var fatal = phase == Phase.Sync || exception is WalFatalException;
        if (!fatal && phase == Phase.Write)
        {
            try
            {
                _activeFile.SetLength(_ackedLength);
                _activeFile.Flush();
                Interlocked.Increment(ref _syncCount);
                _dirty = false;
                active.Length = _ackedLength;
                active.RecordCount = _ackedCount;
                Interlocked.Exchange(ref _nextIndex, active.EndIndex);
                WalLog.AppendFailed(_logger, batch.Count - done, active.Path, _ackedLength, exception);
            }
            catch (Exception rollback) when (rollback is IOException or UnauthorizedAccessException)
            {
                fatal = true;
            }
        }
        else if (!fatal)
        {
            WalLog.AppendFailed(_logger, batch.Count - done, active.Path, _ackedLength, exception);
        }

        if (fatal)
        {
            var operation = phase == Phase.Sync ? "fsync" : "rollback";
            Volatile.Write(ref _failure, new IOException(
                $"write-ahead log is unusable after a failed {operation} of '{active.Path}' ({cause.Message}); restart the process to recover from the last durable record",
                cause));
            WalLog.LogFailed(_logger, operation, active.Path, cause);
        }

        for (var i = done; i < batch.Count; i++)
        {
            batch[i].Fail(error);
        }
    }

    /// <summary>Background fsync for <see cref="WalSyncMode.Interval"/>; a failure puts the log in the failed state.</summary>
    private async Task RunIntervalSyncAsync()
    {
        using var timer = new PeriodicTimer(_options.SyncInterval);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            lock (_ioLock)
            {
                if (_closed || _failure is not null)
                {
                    continue;
                }

                try
                {
                    SyncActive();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Volatile.Write(ref _failure, new IOException(
                        $"write-ahead log is unusable after a failed fsync of '{_segments[^1].Path}' ({ex.Message}); restart the process to recover from the last durable record",
                        ex));
                    WalLog.LogFailed(_logger, "fsync", _segments[^1].Path, ex);
                }
            }
        }
    }
}
