using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Compaction;
using TraceBackend.Storage.Embedded.Head;
using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Storage.Embedded;

/// <summary>
/// The default, durable store: spans are appended to the write-ahead log (acknowledged once durable per
/// <see cref="EmbeddedStoreOptions.WalSync"/>), kept in the in-memory head and served from it at once, cut into
/// immutable Parquet blocks when idle, compacted and deleted past retention (docs/adr/002-embedded-block-format.md,
/// docs/adr/003-embedded-store.md).
/// <para>
/// Consistency: one <see cref="ReaderWriterLockSlim"/> guards the head and the current <see cref="BlockSet"/>. A
/// flush publishes its block and removes the flushed spans from the head under the same write lock, and every read
/// snapshots the head and leases the block set under the same read lock, so a read sees each span exactly once —
/// never in neither place, never twice. Reads work on the snapshots after releasing the lock; a leased block stays
/// open (even when compaction or retention removed it meanwhile) until the read releases the lease.
/// </para>
/// <para>
/// Write-ahead log checkpoint: every record below a block's <see cref="BlockMeta.WalCheckpoint"/> was in blocks when
/// it was published (the minimum of the head fragments' first record and of the lowest index an in-flight write can
/// get); after publishing, WAL segments below it are deleted and recovery replays only records at or above the
/// largest checkpoint. Spans replayed although already in a block are served once (reads deduplicate by
/// <see cref="Span.Key"/>) and merged by compaction.
/// </para>
/// </summary>
public sealed partial class EmbeddedStore : ITraceStore, IAsyncDisposable
{
    /// <summary>Name of the block directory under <see cref="EmbeddedStoreOptions.Path"/>.</summary>
    public const string BlocksDirectoryName = "blocks";

    private static readonly StorageCapabilities s_capabilities = new() { Durable = true, SearchWithoutServiceName = true };

    private readonly EmbeddedStoreOptions _options;
    private readonly string _directory;
    private readonly string _blocksDirectory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SpanWal _wal;
    private readonly Func<long> _sampleNextIndex;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly TraceHead _head = new();
    private readonly InFlightWrites _inFlight = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly SemaphoreSlim _compactionGate = new(1, 1);
    private readonly SemaphoreSlim _flushSignal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();

    // Guarded by _lock (swapped under the write lock, leased under the read lock).
    private BlockSet _blocks;
    private long _headSpanCount;
    private volatile string? _blockWriteFailure;

    /// <summary>Completed (and replaced) after every flush attempt: writers waiting for head room re-check then.</summary>
    private TaskCompletionSource _flushAttempted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _flushLoop = Task.CompletedTask;
    private Task _compactionLoop = Task.CompletedTask;
    private int _disposed;

    private EmbeddedStore(EmbeddedStoreOptions options, string directory, ILogger logger, TimeProvider time, SpanWal wal, IEnumerable<Block> blocks)
    {
        _options = options;
        _directory = directory;
        _blocksDirectory = Path.Combine(directory, BlocksDirectoryName);
        _logger = logger;
        _time = time;
        _wal = wal;
        _sampleNextIndex = () => _wal.Log.NextIndex;
        _blocks = new BlockSet(blocks.Select(NewHandle));
    }

    /// <summary>
    /// Opens (creating if needed) the data directory: takes its lock (a second process gets
    /// <see cref="IOException"/> saying the directory is in use), loads blocks (quarantining corrupt ones), replays the
    /// WAL into the head, and starts the background flush and compaction loops. Throws <see cref="ArgumentException"/>
    /// for invalid options.
    /// </summary>
    public static async Task<EmbeddedStore> OpenAsync(EmbeddedStoreOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<EmbeddedStore>();
        var directory = Path.GetFullPath(options.Path);
        Directory.CreateDirectory(directory);
        var walOptions = new WalOptions { Sync = options.WalSync, SyncInterval = options.WalSyncInterval, SegmentBytes = options.WalSegmentBytes };
        var wal = await SpanWal.OpenAsync(directory, walOptions, loggerFactory.CreateLogger<SpanWal>()).ConfigureAwait(false);
        EmbeddedStore? store = null;
        try
        {
            var blocks = await Task.Run(() => BlockCatalog.Load(Path.Combine(directory, BlocksDirectoryName), loggerFactory.CreateLogger(typeof(BlockCatalog)))).ConfigureAwait(false);
            store = new EmbeddedStore(options, directory, logger, timeProvider ?? TimeProvider.System, wal, blocks);
            var checkpoint = blocks.Count == 0 ? 0 : blocks.Max(b => b.Meta.WalCheckpoint);
            await store.ReplayAsync(checkpoint).ConfigureAwait(false);
            EmbeddedStoreLog.Opened(logger, directory, blocks.Count, store._blocks.SpanCount, store.ReplayedBatches, checkpoint, store._headSpanCount);
            store.Start();
            return store;
        }
        catch
        {
            if (store is not null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await wal.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public StorageCapabilities Capabilities => s_capabilities;

    /// <summary>The data directory (full path).</summary>
    public string DataDirectory => _directory;

    /// <summary>Write-ahead log batches replayed into the head at open (those below the checkpoint are skipped).</summary>
    internal long ReplayedBatches { get; private set; }

    /// <summary>The write-ahead log (tests: segments, next index).</summary>
    internal WriteAheadLog WalLog => _wal.Log;

    /// <summary>Spans currently in the head.</summary>
    public long HeadSpanCount => Volatile.Read(ref _headSpanCount);

    /// <summary>Blocks currently served, newest first (a snapshot).</summary>
    public IReadOnlyList<BlockMeta> Blocks
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return [.. _blocks.Blocks.Select(b => b.Meta)];
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Stops the background loops, completes in-flight writes and closes the WAL and blocks (the head stays in the WAL).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_flushLoop, _compactionLoop).ConfigureAwait(false);

        // Writes registered before the flag was set finish (their WAL append completes; they land in the head).
        while (_inFlight.Count > 0)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }

        // An explicit FlushAsync/CompactAsync still running finishes first.
        await _flushGate.WaitAsync().ConfigureAwait(false);
        await _compactionGate.WaitAsync().ConfigureAwait(false);
        await _wal.DisposeAsync().ConfigureAwait(false);

        BlockSet old;
        _lock.EnterWriteLock();
        try
        {
            old = _blocks;
            _blocks = new BlockSet([]);
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        old.Release();
        _stop.Dispose();
    }

    private void Start()
    {
        _flushLoop = Task.Run(RunFlushLoopAsync);
        if (_options.CompactionInterval > TimeSpan.Zero)
        {
            _compactionLoop = Task.Run(RunCompactionLoopAsync);
        }
    }

    private async Task ReplayAsync(long checkpoint)
    {
        long batches = 0;
        await foreach (var batch in _wal.ReplayAsync().ConfigureAwait(false))
        {
            if (batch.Index < checkpoint || batch.Spans.Count == 0)
            {
                continue;
            }

            batches++;
            var now = _time.GetUtcNow().UtcTicks;
            _lock.EnterWriteLock();
            try
            {
                _head.Add(batch.Spans, batch.Index, now);
                Volatile.Write(ref _headSpanCount, _head.SpanCount);
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }

        ReplayedBatches = batches;
    }

    private BlockHandle NewHandle(Block block) =>
        new(block, (handle, ex) => EmbeddedStoreLog.BlockDeleteFailed(_logger, handle.Block.Directory, ex));

    /// <summary>
    /// Replaces the block set: removes <paramref name="removed"/> (deleted once no read uses them) and adds
    /// <paramref name="added"/>. Caller holds the write lock and releases the returned old set after leaving it (the
    /// release may close and delete blocks: no file work under the lock).
    /// </summary>
    private BlockSet SwapBlocksLocked(IReadOnlyCollection<BlockHandle> removed, BlockHandle? added)
    {
        var old = _blocks;
        var blocks = old.Blocks.Where(b => !removed.Contains(b)).ToList();
        if (added is not null)
        {
            blocks.Add(added);
        }

        foreach (var block in removed)
        {
            block.MarkRemoved();
        }

        _blocks = new BlockSet(blocks);
        return old;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
