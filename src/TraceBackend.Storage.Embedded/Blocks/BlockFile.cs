using System.Buffers.Binary;
using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// Framing of the small binary block files (<c>bloom</c>, <c>index</c>): 8-byte ASCII magic, u32 version, the body,
/// then a u32 CRC-32C of everything before it (all little-endian). Read whole at open, written with an fsync.
/// </summary>
internal static class BlockFile
{
    public const int HeaderBytes = 12;
    public const int TrailerBytes = 4;

    public static void WriteHeader(Span<byte> file, ReadOnlySpan<byte> magic, uint version)
    {
        magic.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file[8..], version);
    }

    /// <summary>Sets the trailing CRC over the rest of <paramref name="file"/>.</summary>
    public static void Seal(Span<byte> file) =>
        BinaryPrimitives.WriteUInt32LittleEndian(file[^TrailerBytes..], Crc32C.Compute(file[..^TrailerBytes]));

    /// <summary>The body of a file read whole, after checking size, magic, version and CRC.</summary>
    public static ReadOnlySpan<byte> Open(ReadOnlySpan<byte> file, string path, ReadOnlySpan<byte> magic, uint version)
    {
        if (file.Length < HeaderBytes + TrailerBytes)
        {
            throw new InvalidDataException($"block file '{path}' is truncated ({file.Length} bytes)");
        }

        if (!file[..8].SequenceEqual(magic))
        {
            throw new InvalidDataException($"block file '{path}' has an unknown format (bad magic)");
        }

        var crc = BinaryPrimitives.ReadUInt32LittleEndian(file[^TrailerBytes..]);
        if (crc != Crc32C.Compute(file[..^TrailerBytes]))
        {
            throw new InvalidDataException($"block file '{path}' fails its checksum (corrupt or truncated)");
        }

        var fileVersion = BinaryPrimitives.ReadUInt32LittleEndian(file[8..]);
        if (fileVersion != version)
        {
            throw new InvalidDataException($"block file '{path}' has unsupported version {fileVersion} (this build reads {version})");
        }

        return file[HeaderBytes..^TrailerBytes];
    }

    public static void Write(string path, ReadOnlySpan<byte> content, bool fsync)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        stream.Write(content);
        if (fsync)
        {
            stream.Flush(flushToDisk: true);
        }
    }

    public static byte[] ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new InvalidDataException($"block file '{path}' is missing");
        }
    }
}
