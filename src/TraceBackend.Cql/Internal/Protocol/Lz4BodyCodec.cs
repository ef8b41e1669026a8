using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace TraceBackend.Cql.Internal.Protocol;

/// <summary>
/// LZ4 frame bodies (spec §5): a 4-byte big-endian uncompressed length followed by one raw LZ4 block.
/// </summary>
internal static class Lz4BodyCodec
{
    /// <summary>Largest compressed body for <paramref name="length"/> input bytes.</summary>
    public static int MaxCompressedLength(int length) => 4 + LZ4Codec.MaximumOutputSize(length);

    /// <summary>Writes the compressed form of <paramref name="body"/> into <paramref name="target"/>; returns its length.</summary>
    public static int Compress(ReadOnlySpan<byte> body, Span<byte> target)
    {
        BinaryPrimitives.WriteInt32BigEndian(target, body.Length);
        if (body.IsEmpty)
        {
            return 4;
        }

        var written = LZ4Codec.Encode(body, target[4..], LZ4Level.L00_FAST);
        if (written <= 0)
        {
            throw new InvalidOperationException("LZ4 compression failed");
        }

        return 4 + written;
    }

    public static byte[] Decompress(in ReadOnlySequence<byte> compressed)
    {
        if (compressed.IsSingleSegment)
        {
            return Decompress(compressed.FirstSpan);
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)compressed.Length);
        try
        {
            compressed.CopyTo(rented);
            return Decompress(rented.AsSpan(0, (int)compressed.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static byte[] Decompress(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length < 4)
        {
            return ThrowHelper.ThrowProtocol<byte[]>("compressed frame body shorter than its 4-byte length");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(compressed);
        if (length is < 0 or > CqlFrameHeader.MaxBodyLength)
        {
            return ThrowHelper.ThrowProtocol<byte[]>($"compressed frame announces {length} uncompressed bytes");
        }

        if (length == 0)
        {
            return [];
        }

        var body = new byte[length];
        var decoded = LZ4Codec.Decode(compressed[4..], body);
        if (decoded != length)
        {
            ThrowHelper.ThrowProtocol($"LZ4 body decoded to {decoded} bytes, {length} announced");
        }

        return body;
    }
}
