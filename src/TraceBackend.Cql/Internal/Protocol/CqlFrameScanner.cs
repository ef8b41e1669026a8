using System.Buffers;

namespace TraceBackend.Cql.Internal.Protocol;

/// <summary>
/// Finds whole frames in received bytes without copying: returns false (consuming nothing) until the buffer holds a
/// complete header and body.
/// </summary>
internal static class CqlFrameScanner
{
    /// <summary>
    /// When <paramref name="buffer"/> starts with a whole frame, outputs its header and body and slices the frame off.
    /// Throws <see cref="CqlProtocolException"/> for a frame of another protocol version or direction, or a bad length.
    /// </summary>
    public static bool TryRead(
        ref ReadOnlySequence<byte> buffer, byte expectedVersion, out CqlFrameHeader header, out ReadOnlySequence<byte> body)
    {
        body = default;
        if (buffer.Length < CqlFrameHeader.Size)
        {
            header = default;
            return false;
        }

        Span<byte> bytes = stackalloc byte[CqlFrameHeader.Size];
        buffer.Slice(0, CqlFrameHeader.Size).CopyTo(bytes);
        header = CqlFrameHeader.Read(bytes);
        Validate(header, expectedVersion);
        if (buffer.Length - CqlFrameHeader.Size < header.BodyLength)
        {
            return false;
        }

        body = buffer.Slice(CqlFrameHeader.Size, header.BodyLength);
        buffer = buffer.Slice(body.End);
        return true;
    }

    private static void Validate(in CqlFrameHeader header, byte expectedVersion)
    {
        if (header.Version != expectedVersion)
        {
            ThrowHelper.ThrowProtocol(
                (header.Version & 0x7F) != (expectedVersion & 0x7F)
                    ? $"peer speaks native protocol v{header.Version & 0x7F}; this client speaks only v{expectedVersion & 0x7F}"
                    : $"frame version byte 0x{header.Version:X2} has the wrong direction (expected 0x{expectedVersion:X2})");
        }

        if (header.BodyLength is < 0 or > CqlFrameHeader.MaxBodyLength)
        {
            ThrowHelper.ThrowProtocol($"frame body length {header.BodyLength} is outside 0..256 MB");
        }
    }
}
