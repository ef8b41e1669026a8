namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>Diagnostic snapshot of one live segment file.</summary>
/// <param name="Sequence">The segment sequence (also its file name).</param>
/// <param name="Path">Full path of the segment file.</param>
/// <param name="FirstIndex">Index of the segment's first record (the next index if it holds none yet).</param>
/// <param name="RecordCount">Records in the segment; its records are <c>[FirstIndex, FirstIndex + RecordCount)</c>.</param>
/// <param name="Length">Bytes in the file including the header.</param>
/// <param name="IsActive">True for the one segment appends go to; all others are sealed.</param>
public readonly record struct WalSegmentInfo(
    long Sequence, string Path, long FirstIndex, long RecordCount, long Length, bool IsActive);
