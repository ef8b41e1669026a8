using System.Buffers.Binary;

namespace TraceBackend.Cql.Internal.Protocol;

/// <summary>The 9-byte frame header (spec §2): version, flags, [short] stream, opcode, [int] body length.</summary>
internal readonly record struct CqlFrameHeader(byte Version, CqlFrameFlags Flags, short StreamId, CqlOpcode Opcode, int BodyLength)
{
    public const int Size = 9;

    /// <summary>Protocol v4 request: direction bit 0.</summary>
    public const byte RequestVersion = 0x04;

    /// <summary>Protocol v4 response: direction bit 1.</summary>
    public const byte ResponseVersion = 0x84;

    /// <summary>Spec §2.5: a frame is limited to 256 MB.</summary>
    public const int MaxBodyLength = 256 * 1024 * 1024;

    public static CqlFrameHeader Read(ReadOnlySpan<byte> header) => new(
        header[0],
        (CqlFrameFlags)header[1],
        BinaryPrimitives.ReadInt16BigEndian(header[2..]),
        (CqlOpcode)header[4],
        BinaryPrimitives.ReadInt32BigEndian(header[5..]));

    public void Write(Span<byte> header)
    {
        header[0] = Version;
        header[1] = (byte)Flags;
        BinaryPrimitives.WriteInt16BigEndian(header[2..], StreamId);
        header[4] = (byte)Opcode;
        BinaryPrimitives.WriteInt32BigEndian(header[5..], BodyLength);
    }
}
