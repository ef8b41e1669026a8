namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>
/// Mutable bookkeeping for one live segment (guarded by the log's I/O lock). Records are
/// <c>[FirstIndex, FirstIndex + RecordCount)</c>; <see cref="Length"/> is the byte offset where the next record goes.
/// </summary>
internal sealed class WalSegment(long sequence, string path, long firstIndex, long recordCount, long length)
{
    public long Sequence { get; } = sequence;

    public string Path { get; } = path;

    public long FirstIndex { get; } = firstIndex;

    public long RecordCount { get; set; } = recordCount;

    public long Length { get; set; } = length;

    public long EndIndex => FirstIndex + RecordCount;

    public WalSegmentInfo ToInfo(bool isActive) => new(Sequence, Path, FirstIndex, RecordCount, Length, isActive);
}
