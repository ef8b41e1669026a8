namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>Write-ahead log settings. Call <see cref="Validate"/> (done by <see cref="WriteAheadLog.OpenAsync"/>).</summary>
public sealed class WalOptions
{
    /// <summary>Default <see cref="SyncInterval"/>: 1 s.</summary>
    public static readonly TimeSpan DefaultSyncInterval = TimeSpan.FromSeconds(1);

    /// <summary>Default <see cref="SegmentBytes"/>: 64 MiB.</summary>
    public const long DefaultSegmentBytes = 64L * 1024 * 1024;

    /// <summary>Default <see cref="MaxRecordBytes"/>: 64 MiB.</summary>
    public const int DefaultMaxRecordBytes = 64 * 1024 * 1024;

    /// <summary>Smallest allowed <see cref="SegmentBytes"/>: 4 KiB (tests use small segments).</summary>
    public const long MinSegmentBytes = 4096;

    /// <summary>When appends are acknowledged. Default <see cref="WalSyncMode.Always"/>.</summary>
    public WalSyncMode Sync { get; init; } = WalSyncMode.Always;

    /// <summary>Background fsync period for <see cref="WalSyncMode.Interval"/>; 1 ms to 1 h.</summary>
    public TimeSpan SyncInterval { get; init; } = DefaultSyncInterval;

    /// <summary>
    /// A new segment is started before a record that would make the active segment exceed this size, unless the
    /// segment holds no record yet (so one oversized record still fits). At least <see cref="MinSegmentBytes"/>.
    /// </summary>
    public long SegmentBytes { get; init; } = DefaultSegmentBytes;

    /// <summary>Largest payload accepted by <see cref="WriteAheadLog.AppendAsync"/>; 1 byte to <see cref="WalFormat.MaxRecordBytesLimit"/>.</summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting and its allowed range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Sync))
        {
            throw new ArgumentException($"WAL sync mode '{Sync}' is not one of always, interval, none.", nameof(Sync));
        }

        if (SyncInterval < TimeSpan.FromMilliseconds(1) || SyncInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException(
                $"WAL sync interval must be between 1 ms and 1 h (was {SyncInterval}).", nameof(SyncInterval));
        }

        if (SegmentBytes < MinSegmentBytes)
        {
            throw new ArgumentException(
                $"WAL segment size must be at least {MinSegmentBytes} bytes (was {SegmentBytes}).", nameof(SegmentBytes));
        }

        if (MaxRecordBytes < 1 || MaxRecordBytes > WalFormat.MaxRecordBytesLimit)
        {
            throw new ArgumentException(
                $"WAL maximum record size must be between 1 and {WalFormat.MaxRecordBytesLimit} bytes (was {MaxRecordBytes}).",
                nameof(MaxRecordBytes));
        }
    }

    /// <summary>Parses a <c>--wal-sync</c> value (<c>always</c>, <c>interval</c>, <c>none</c>, case-insensitive).</summary>
    public static WalSyncMode ParseSyncMode(string value) => value.Trim().ToLowerInvariant() switch
    {
        "always" => WalSyncMode.Always,
        "interval" => WalSyncMode.Interval,
        "none" => WalSyncMode.None,
        _ => throw new ArgumentException($"--wal-sync must be always, interval or none (was '{value}').", nameof(value)),
    };
}
