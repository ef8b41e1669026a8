namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>File names and constants of the block format (ADR 002).</summary>
public static class BlockFormat
{
    /// <summary>Value of <see cref="BlockMeta.Format"/> written by this version.</summary>
    public const string Name = "tbparquet1";

    public const string DataFileName = "data.parquet";
    public const string BloomFileName = "bloom";
    public const string IndexFileName = "index";
    public const string MetaFileName = "meta.json";

    /// <summary>Suffix of a block directory being written (deleted at start-up).</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Suffix given to a block directory that failed to open (kept for inspection, never read).</summary>
    public const string CorruptSuffix = ".corrupt";

    /// <summary>Suffix given to a block directory that compaction or retention removed, before it is deleted.</summary>
    public const string DeletedSuffix = ".deleted";

    public const int DefaultRowGroupSpans = 2048;
}
