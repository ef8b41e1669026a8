using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// What a block holds, kept in its <c>meta.json</c> (written last: a block directory without a valid meta is
/// incomplete and is never read). Times are Unix nanoseconds over the block's spans. Immutable.
/// </summary>
public sealed record BlockMeta
{
    /// <summary>Name of the on-disk format (<see cref="BlockFormat.Name"/>); a reader refuses formats it does not know.</summary>
    public required string Format { get; init; }

    public required Guid BlockId { get; init; }

    /// <summary>0 for a block cut from the head; one more than the highest input level for a compacted block.</summary>
    public int CompactionLevel { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Smallest span start in the block.</summary>
    public required ulong MinStartUnixNano { get; init; }

    /// <summary>Largest span start in the block.</summary>
    public required ulong MaxStartUnixNano { get; init; }

    /// <summary>Largest span end in the block.</summary>
    public required ulong MaxEndUnixNano { get; init; }

    public required TraceId MinTraceId { get; init; }

    public required TraceId MaxTraceId { get; init; }

    public required long TraceCount { get; init; }

    public required long SpanCount { get; init; }

    /// <summary>Size of the Parquet data file in bytes.</summary>
    public required long DataBytes { get; init; }

    /// <summary>Services with the operations (span name + kind) seen in the block, sorted ordinally.</summary>
    public required IReadOnlyList<BlockService> Services { get; init; }

    /// <summary>
    /// Dependency links of the block's traces (<see cref="DependencyCalculator"/> applied to each trace's spans in this
    /// block), summed.
    /// </summary>
    public required IReadOnlyList<DependencyLink> Dependencies { get; init; }

    /// <summary>
    /// Set by the store: every write-ahead-log record with an index below this was in blocks (this one or older) when
    /// this block was written. Recovery replays only records at or above the largest checkpoint of all blocks. 0 when
    /// unknown.
    /// </summary>
    public long WalCheckpoint { get; init; }

    /// <summary>IDs of the blocks this one replaced by compaction (empty for a head block).</summary>
    public IReadOnlyList<Guid> CompactedFrom { get; init; } = [];
}

/// <summary>A service of a block and its operations, sorted by name then kind.</summary>
public sealed record BlockService(string Name, IReadOnlyList<Operation> Operations);
