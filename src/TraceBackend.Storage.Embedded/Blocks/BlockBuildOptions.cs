namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>How a block is written.</summary>
public sealed record BlockBuildOptions
{
    /// <summary>Spans per Parquet row group (the unit of a trace-by-ID read). Measured choice; see ADR 002.</summary>
    public int RowGroupSpans { get; init; } = BlockFormat.DefaultRowGroupSpans;

    /// <summary>Copied to <see cref="BlockMeta.CompactionLevel"/>.</summary>
    public int CompactionLevel { get; init; }

    /// <summary>Copied to <see cref="BlockMeta.WalCheckpoint"/>.</summary>
    public long WalCheckpoint { get; init; }

    /// <summary>Copied to <see cref="BlockMeta.CompactedFrom"/>.</summary>
    public IReadOnlyList<Guid> CompactedFrom { get; init; } = [];

    /// <summary>False only in tests that measure without fsync; blocks are fsynced before they become visible.</summary>
    public bool Fsync { get; init; } = true;
}
