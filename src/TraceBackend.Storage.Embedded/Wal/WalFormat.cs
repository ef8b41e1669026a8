using System.Buffers.Binary;
using System.Globalization;

namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>
/// On-disk format of the write-ahead log (see docs/adr/001-embedded-wal-format.md). All integers little-endian.
/// <para>
/// Segment files live in <c>&lt;data dir&gt;/wal/</c> and are named <c>&lt;sequence&gt;.seg</c> with the sequence as
/// 16 zero-padded decimal digits (sequences start at 1, strictly increase, may have gaps). Each file starts with a
/// 32-byte header:
/// <code>
///  0  8  magic "TBWAL001" (ASCII)
///  8  4  u32 format version (1)
/// 12  8  u64 segment sequence (must equal the file name)
/// 20  8  u64 index of the segment's first record
/// 28  4  u32 CRC-32C of bytes 0..28
/// </code>
/// followed by records back to back:
/// <code>
///  0  4  u32 payload length N (at most MaxRecordBytesLimit)
///  4  4  u32 CRC-32C over bytes 0..4 (the length) followed by the N payload bytes
///  8  N  payload (opaque)
/// </code>
/// Record indexes are not stored per record: the i-th record (0-based) of a segment has index
/// <c>firstIndex + i</c>. Indexes increase by one within a segment; a later segment's first index is at least the
/// end of the previous one (a gap appears only where corrupt records were set aside), so indexes are never reused.
/// A fresh log starts at index 1.
/// </para>
/// </summary>
public static class WalFormat
{
    /// <summary>Segment header size in bytes.</summary>
    public const int HeaderSize = 32;

    /// <summary>Record header (length + CRC) size in bytes.</summary>
    public const int RecordHeaderSize = 8;

    /// <summary>Format version written in the header.</summary>
    public const uint Version = 1;

    /// <summary>Hard limit on a record's payload length; larger lengths in a file are treated as corruption.</summary>
    public const int MaxRecordBytesLimit = 256 * 1024 * 1024;

    /// <summary>Index of the first record of a fresh log.</summary>
    public const long FirstRecordIndex = 1;

    /// <summary>File name extension of segment files.</summary>
    public const string SegmentExtension = ".seg";

    /// <summary>Suffix appended to a segment set aside because it is corrupt.</summary>
    public const string CorruptSuffix = ".corrupt";

    /// <summary>Suffix appended to intact segments after a corrupt one, set aside unreplayed.</summary>
    public const string UnreplayedSuffix = ".unreplayed";

    internal static ReadOnlySpan<byte> Magic => "TBWAL001"u8;

    public static string SegmentFileName(long sequence) =>
        sequence.ToString("D16", CultureInfo.InvariantCulture) + SegmentExtension;

    /// <summary>Parses a segment file name (not a path); false for anything else (LOCK, *.corrupt, ...).</summary>
    public static bool TryParseSegmentFileName(string fileName, out long sequence)
    {
        sequence = 0;
        return fileName.Length == 16 + SegmentExtension.Length
            && fileName.EndsWith(SegmentExtension, StringComparison.Ordinal)
            && fileName.AsSpan(0, 16).IndexOfAnyExceptInRange('0', '9') < 0
            && long.TryParse(fileName.AsSpan(0, 16), NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && sequence > 0;
    }

    internal static void WriteHeader(Span<byte> destination, long sequence, long firstIndex)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(destination[12..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[20..], firstIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], Crc32C.Compute(destination[..28]));
    }

    /// <summary>Validates a header; on failure <paramref name="error"/> says why.</summary>
    internal static bool TryReadHeader(
        ReadOnlySpan<byte> header, long expectedSequence, out long firstIndex, out string? error)
    {
        firstIndex = 0;
        if (!header[..8].SequenceEqual(Magic))
        {
            error = "bad magic (not a TBWAL001 segment)";
            return false;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[28..]) != Crc32C.Compute(header[..28]))
        {
            error = "header CRC mismatch";
            return false;
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != Version)
        {
            error = $"unsupported format version {version}";
            return false;
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(header[12..]);
        firstIndex = BinaryPrimitives.ReadInt64LittleEndian(header[20..]);
        if (sequence != expectedSequence)
        {
            error = $"header sequence {sequence} does not match the file name";
            return false;
        }

        if (firstIndex < FirstRecordIndex)
        {
            error = $"impossible first record index {firstIndex}";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Writes the 8-byte record header for <paramref name="payload"/>.</summary>
    internal static void WriteRecordHeader(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        var crc = Crc32C.Append(Crc32C.Append(Crc32C.Start, destination[..4]), payload);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32C.Finish(crc));
    }

    /// <summary>True when <paramref name="recordHeader"/>'s CRC matches <paramref name="payload"/>.</summary>
    internal static bool RecordCrcMatches(ReadOnlySpan<byte> recordHeader, ReadOnlySpan<byte> payload)
    {
        var crc = Crc32C.Append(Crc32C.Append(Crc32C.Start, recordHeader[..4]), payload);
        return BinaryPrimitives.ReadUInt32LittleEndian(recordHeader[4..]) == Crc32C.Finish(crc);
    }

    internal static long RecordSize(int payloadLength) => RecordHeaderSize + (long)payloadLength;
}
