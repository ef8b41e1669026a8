using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>
/// Payload-agnostic, append-only write-ahead log in <c>&lt;directory&gt;/wal/</c> (format: <see cref="WalFormat"/>).
/// <para>
/// Contract:
/// <list type="bullet">
/// <item>One process per directory: <see cref="OpenAsync"/> holds <c>wal/LOCK</c> exclusively until dispose.</item>
/// <item>Open recovers: a torn/corrupt tail of the LAST segment is truncated at the last intact record (warning);
/// corruption in a sealed segment stops replay there (error): the damaged file is renamed <c>*.corrupt</c>, a copy of
/// its intact prefix takes its place (so those records replay after every restart), later segments are renamed
/// <c>*.unreplayed</c>, and appends continue in a new segment. Open never fails for bad content, only for I/O
/// errors.</item>
/// <item><see cref="ReplayAsync"/> yields exactly the intact records found at open, in index order. Call it before
/// <see cref="DeleteSegmentsBeforeAsync"/>; records appended after open are not included.</item>
/// <item><see cref="AppendAsync"/> completes with the record's index once durable per <see cref="WalOptions.Sync"/>.
/// Indexes are assigned in completion order of the single writer, strictly increase and are never reused for an
/// acknowledged record (not even across restarts or set-aside corruption).</item>
/// <item>Write failures (disk full, read-only, I/O error on write): the batch's appenders fault with
/// <see cref="IOException"/> "write-ahead log append failed: ..."; the active segment is truncated back to its last
/// acknowledged record and later appends are tried again (the log stays usable). If that rollback fails, or any
/// fsync fails (the kernel may have dropped the dirty pages, so on-disk content is unknown), the log enters a failed
/// state: every later append throws <see cref="IOException"/> "write-ahead log is unusable ...; restart the process".
/// A restart recovers from what is on disk.</item>
/// <item>Sealed segments are always fsynced before the next one starts; new segment files are fsynced after their
/// header is written. (The directory entry itself is not fsynced: .NET offers no directory handle.)</item>
/// </list>
/// </para>
/// </summary>
public sealed partial class WriteAheadLog : IAsyncDisposable
{
    /// <summary>Name of the lock file inside the WAL directory.</summary>
    public const string LockFileName = "LOCK";

    private const int MaxBatchRecords = 256;
    private const long MaxBatchBytes = 16L * 1024 * 1024;

    private readonly string _walDirectory;
    private readonly WalOptions _options;
    private readonly ILogger _logger;
    private readonly IWalFileSystem _fileSystem;
    private readonly FileStream _lockFile;
    private readonly Channel<PendingAppend> _queue =
        Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _ioLock = new();

    // Guarded by _ioLock. The last element is the active segment; there is always one.
    private readonly List<WalSegment> _segments;
    private readonly IReadOnlyList<WalSegmentInfo> _replaySegments;
    private IWalFile _activeFile;
    private long _ackedLength;
    private long _ackedCount;
    private long _nextSequence;
    private bool _dirty;
    private bool _closed;

    private long _nextIndex;
    private long _syncCount;
    private IOException? _failure;
    private Task _writerTask = Task.CompletedTask;
    private Task _intervalTask = Task.CompletedTask;
    private int _disposed;

    private WriteAheadLog(
        string walDirectory, WalOptions options, ILogger logger, IWalFileSystem fileSystem, FileStream lockFile,
        List<WalSegment> segments, IWalFile activeFile, long nextIndex, long nextSequence)
    {
        _walDirectory = walDirectory;
        _options = options;
        _logger = logger;
        _fileSystem = fileSystem;
        _lockFile = lockFile;
        _segments = segments;
        _replaySegments = segments.Where(s => s.RecordCount > 0).Select(s => s.ToInfo(isActive: false)).ToArray();
        _activeFile = activeFile;
        _ackedLength = segments[^1].Length;
        _ackedCount = segments[^1].RecordCount;
        _nextIndex = nextIndex;
        _nextSequence = nextSequence;
    }

    /// <summary>The WAL directory (<c>&lt;data dir&gt;/wal</c>).</summary>
    public string Directory => _walDirectory;

    /// <summary>Index the next appended record will get (a snapshot under concurrent appends).</summary>
    public long NextIndex => Interlocked.Read(ref _nextIndex);

    /// <summary>fsyncs issued so far (segment headers, seals, group commits, interval syncs). Diagnostic.</summary>
    public long SyncCount => Interlocked.Read(ref _syncCount);

    /// <summary>Live segments in order, the last being the active one. Diagnostic snapshot.</summary>
    public IReadOnlyList<WalSegmentInfo> Segments
    {
        get
        {
            lock (_ioLock)
            {
                return _segments.Select((s, i) => s.ToInfo(i == _segments.Count - 1)).ToArray();
            }
        }
    }

    /// <summary>
    /// Opens (creating if needed) the log in <c>&lt;directory&gt;/wal</c>, takes its lock and recovers it.
    /// Throws <see cref="ArgumentException"/> for invalid options and <see cref="IOException"/> when the directory is
    /// in use by another process or cannot be written.
    /// </summary>
    public static Task<WriteAheadLog> OpenAsync(string directory, WalOptions options, ILogger? logger = null) =>
        OpenAsync(directory, options, logger, PhysicalWalFileSystem.Instance, CancellationToken.None);

    internal static async Task<WriteAheadLog> OpenAsync(
        string directory, WalOptions options, ILogger? logger, IWalFileSystem fileSystem, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        logger ??= NullLogger.Instance;
        var walDirectory = Path.GetFullPath(Path.Combine(directory, "wal"));
        System.IO.Directory.CreateDirectory(walDirectory);
        var lockFile = AcquireLock(directory, walDirectory);
        try
        {
            var recovered = await RecoverAsync(walDirectory, fileSystem, logger, cancellationToken).ConfigureAwait(false);
            var segments = recovered.Segments;
            IWalFile activeFile;
            if (segments.Count > 0 && segments[^1].EndIndex == recovered.NextIndex)
            {
                activeFile = OpenForWrite(fileSystem, segments[^1].Path, createNew: false);
            }
            else
            {
                var active = CreateSegment(fileSystem, walDirectory, recovered.NextSequence++, recovered.NextIndex, out activeFile);
                segments.Add(active);
            }

            var log = new WriteAheadLog(walDirectory, options, logger, fileSystem, lockFile, segments, activeFile,
                recovered.NextIndex, recovered.NextSequence);
            WalLog.Opened(logger, walDirectory, segments.Count, segments.Sum(s => s.RecordCount), recovered.NextIndex);
            log.Start();
            return log;
        }
        catch
        {
            await lockFile.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static FileStream AcquireLock(string directory, string walDirectory)
    {
        var lockPath = Path.Combine(walDirectory, LockFileName);
        try
        {
            // FileShare.None maps to an exclusive flock on Unix and a sharing lock on Windows: a second open fails
            // in this process and in any other, and the OS drops it when the process dies.
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (IsLockConflict(ex))
        {
            throw new IOException(
                $"data directory '{directory}' is in use by another process (lock file {lockPath})", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot open lock file {lockPath} in data directory '{directory}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A lock held elsewhere: ERROR_SHARING_VIOLATION on Windows; on Unix .NET reports the failed
    /// flock(LOCK_EX | LOCK_NB) as EWOULDBLOCK (11 on Linux, 35 on macOS/BSD) in HResult.
    /// </summary>
    private static bool IsLockConflict(IOException exception) =>
        exception.HResult == unchecked((int)0x80070020)
        || (!OperatingSystem.IsWindows() && exception.HResult == (OperatingSystem.IsLinux() ? 11 : 35));

    private void Start()
    {
        _writerTask = Task.Run(RunWriterAsync);
        if (_options.Sync == WalSyncMode.Interval)
        {
            _intervalTask = Task.Run(RunIntervalSyncAsync);
        }
    }

    /// <summary>
    /// Yields the records that were intact at open, in index order (each payload a fresh array). Throws
    /// <see cref="InvalidDataException"/> if a segment changed on disk since open.
    /// </summary>
    public async IAsyncEnumerable<WalRecord> ReplayAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var segment in _replaySegments)
        {
            var cursor = await WalSegmentCursor.OpenAsync(segment.Path, segment.Sequence, segment.Length, cancellationToken)
                .ConfigureAwait(false);
            await using (cursor.ConfigureAwait(false))
            {
                var index = segment.FirstIndex;
                while (cursor.RecordCount < segment.RecordCount
                    && await cursor.MoveNextAsync(copy: true, cancellationToken).ConfigureAwait(false))
                {
                    yield return new WalRecord(index++, cursor.Current);
                }

                if (cursor.RecordCount != segment.RecordCount)
                {
                    throw new InvalidDataException(
                        $"write-ahead log segment '{segment.Path}' changed after recovery: {cursor.Error ?? "records missing"}");
                }
            }
        }
    }

    /// <summary>
    /// Appends one record and returns its index once it is durable per <see cref="WalOptions.Sync"/>. The payload is
    /// not copied: keep it unchanged until the task completes. Cancellation is observed only before the record is
    /// queued; once queued, the task completes when the record is written or fails. Throws
    /// <see cref="ArgumentException"/> if the payload exceeds <see cref="WalOptions.MaxRecordBytes"/>,
    /// <see cref="ObjectDisposedException"/> after dispose, and faults with <see cref="IOException"/> on write failure.
    /// </summary>
    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (payload.Length > _options.MaxRecordBytes)
        {
            throw new ArgumentException(
                $"write-ahead log record of {payload.Length} bytes exceeds the maximum of {_options.MaxRecordBytes} bytes",
                nameof(payload));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var failure = Volatile.Read(ref _failure);
        if (failure is not null)
        {
            return ValueTask.FromException<long>(new IOException(failure.Message, failure.InnerException));
        }

        var pending = new PendingAppend(payload);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(WriteAheadLog));
        }

        return new ValueTask<long>(pending.Task);
    }

    /// <summary>
    /// Deletes sealed segments, oldest first, whose records are all below <paramref name="recordIndex"/> (call once
    /// everything below it is safely in blocks). Never deletes the active segment or a segment after one it keeps.
    /// Returns how many segments were deleted.
    /// </summary>
    public Task<int> DeleteSegmentsBeforeAsync(long recordIndex) => Task.Run(() =>
    {
        lock (_ioLock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var deleted = 0;
            while (_segments.Count > 1 && _segments[0].EndIndex <= recordIndex)
            {
                File.Delete(_segments[0].Path);
                _segments.RemoveAt(0);
                deleted++;
            }

            return deleted;
        }
    });

    /// <summary>Drains queued appends, fsyncs what was written, closes the files and releases the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writerTask.ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _intervalTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_ioLock)
        {
            if (_dirty && _failure is null)
            {
                try
                {
                    _activeFile.Flush();
                    Interlocked.Increment(ref _syncCount);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    WalLog.CloseFlushFailed(_logger, ex);
                }
            }

            _activeFile.Dispose();
            _closed = true;
        }

        _stop.Dispose();
        await _lockFile.DisposeAsync().ConfigureAwait(false);
    }
}
