using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Storage.Embedded;

/// <summary>Embedded store settings with their defaults. <see cref="Validate"/> is called by <see cref="EmbeddedStore.OpenAsync"/>.</summary>
public sealed record EmbeddedStoreOptions
{
    public const string DefaultPath = "./data";

    public static readonly TimeSpan DefaultTraceIdlePeriod = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultMaxTraceLive = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(72);
    public static readonly TimeSpan DefaultCompactionWindow = TimeSpan.FromHours(1);
    public const int DefaultMaxHeadSpans = 100_000;

    /// <summary>Data directory (<c>--storage-path</c>): holds <c>wal/</c> and <c>blocks/</c>.</summary>
    public string Path { get; init; } = DefaultPath;

    /// <summary><c>--wal-sync</c>.</summary>
    public WalSyncMode WalSync { get; init; } = WalSyncMode.Always;

    /// <summary>Background fsync period for <see cref="WalSyncMode.Interval"/>.</summary>
    public TimeSpan WalSyncInterval { get; init; } = WalOptions.DefaultSyncInterval;

    /// <summary>WAL segment size (tests use small ones).</summary>
    public long WalSegmentBytes { get; init; } = WalOptions.DefaultSegmentBytes;

    /// <summary>A trace with no new span for this long is cut from the head into a block.</summary>
    public TimeSpan TraceIdlePeriod { get; init; } = DefaultTraceIdlePeriod;

    /// <summary>A trace in the head for this long is cut even if it still receives spans (later spans start a new fragment).</summary>
    public TimeSpan MaxTraceLive { get; init; } = DefaultMaxTraceLive;

    /// <summary>When the head holds more spans than this, the least recently updated traces are cut early.</summary>
    public int MaxHeadSpans { get; init; } = DefaultMaxHeadSpans;

    /// <summary>How often the head is checked for traces to cut.</summary>
    public TimeSpan FlushCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>--retention</c>: blocks whose newest span started longer ago than this are deleted. Zero keeps everything.</summary>
    public TimeSpan Retention { get; init; } = DefaultRetention;

    /// <summary>Blocks whose spans start in the same window of this length are compacted together.</summary>
    public TimeSpan CompactionWindow { get; init; } = DefaultCompactionWindow;

    /// <summary>How often the compactor and retention run. <see cref="TimeSpan.Zero"/> disables the background run (tests call them directly).</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest block compaction writes, in spans.</summary>
    public long MaxCompactedBlockSpans { get; init; } = 5_000_000;

    /// <summary>Spans per Parquet row group.</summary>
    public int RowGroupSpans { get; init; } = Blocks.BlockFormat.DefaultRowGroupSpans;

    /// <summary>False only in tests that measure without fsync: blocks are fsynced before they become visible.</summary>
    internal bool FsyncBlocks { get; init; } = true;

    /// <summary>
    /// How long a write waits for head room while the head is over twice <see cref="MaxHeadSpans"/> before it fails
    /// (backpressure; internal so tests can shorten it).
    /// </summary>
    internal TimeSpan HeadRoomWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Test hook: called before each WAL append; an exception it throws stands for a failed append.</summary>
    internal Action? WalAppendFault { get; init; }

    /// <summary>Test hook: called before each block is written (flush and compaction); an exception it throws stands for a failed block write.</summary>
    internal Action? BlockWriteFault { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the flag and its allowed range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("--storage-path must not be empty.", nameof(Path));
        }

        Positive(TraceIdlePeriod, "trace idle period");
        Positive(MaxTraceLive, "maximum trace live time");
        Positive(FlushCheckInterval, "flush check interval");
        Positive(CompactionWindow, "compaction window");
        if (Retention < TimeSpan.Zero)
        {
            throw new ArgumentException($"--retention must not be negative (was {Retention}).", nameof(Retention));
        }

        if (CompactionInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"compaction interval must not be negative (was {CompactionInterval}).", nameof(CompactionInterval));
        }

        if (MaxHeadSpans < 1)
        {
            throw new ArgumentException($"maximum head spans must be at least 1 (was {MaxHeadSpans}).", nameof(MaxHeadSpans));
        }

        if (RowGroupSpans < 1)
        {
            throw new ArgumentException($"row group size must be at least 1 span (was {RowGroupSpans}).", nameof(RowGroupSpans));
        }

        if (MaxCompactedBlockSpans < 1)
        {
            throw new ArgumentException($"maximum compacted block size must be at least 1 span (was {MaxCompactedBlockSpans}).", nameof(MaxCompactedBlockSpans));
        }

        new WalOptions { Sync = WalSync, SyncInterval = WalSyncInterval, SegmentBytes = WalSegmentBytes }.Validate();
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive (was {value}).", name);
        }
    }
}
