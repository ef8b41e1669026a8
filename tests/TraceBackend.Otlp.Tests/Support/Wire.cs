using System.Buffers;
using System.Buffers.Binary;

namespace TraceBackend.Otlp.Tests.Support;

/// <summary>Hand-written protobuf encoding, for payloads an encoder would not produce (unknown fields, odd orders, bad bytes).</summary>
internal static class Wire
{
    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(static p => p)];

    public static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] Tag(int field, int wireType) => VarintBytes(((ulong)field << 3) | (uint)wireType);

    public static byte[] Varint(int field, ulong value) => Concat(Tag(field, 0), VarintBytes(value));

    public static byte[] Fixed64(int field, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Concat(Tag(field, 1), bytes);
    }

    public static byte[] Fixed32(int field, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return Concat(Tag(field, 5), bytes);
    }

    /// <summary>A length-delimited field (message, string or bytes) of the concatenated <paramref name="payload"/> parts.</summary>
    public static byte[] Field(int field, params byte[][] payload)
    {
        var body = Concat(payload);
        return Concat(Tag(field, 2), VarintBytes((ulong)body.Length), body);
    }

    public static byte[] Group(int field, params byte[][] content) => Concat(Tag(field, 3), Concat(content), Tag(field, 4));

    /// <summary>Unknown fields of every wire type (numbers no OTLP message uses), a nested group included.</summary>
    public static byte[] UnknownFields() => Concat(
        Varint(1000, 300),
        Fixed64(1001, 0x0102030405060708),
        Fixed32(1002, 0xDEADBEEF),
        Field(1003, [1, 2, 3]),
        Group(1004, Varint(1, 1), Group(2, Field(3, [9])), Fixed32(4, 5)));

    /// <summary>The payload cut into segments of <paramref name="segmentLength"/> bytes.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] payload, int segmentLength)
    {
        if (payload.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment? first = null, last = null;
        for (var at = 0; at < payload.Length; at += segmentLength)
        {
            var memory = payload.AsMemory(at, Math.Min(segmentLength, payload.Length - at));
            if (last is null)
            {
                first = last = new Segment(memory, 0);
            }
            else
            {
                last = last.Append(memory);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
