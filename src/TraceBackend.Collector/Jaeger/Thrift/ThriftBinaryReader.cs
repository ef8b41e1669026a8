using System.Buffers.Binary;

namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>
/// TBinaryProtocol: big-endian fixed-width integers, i32 lengths and sizes, field header = type byte + i16 id.
/// Message headers strict (<c>0x8001000t</c>, name, seq id) and old non-strict (name, type byte, seq id) are both read.
/// </summary>
public sealed class ThriftBinaryReader : ThriftReader
{
    private const uint VersionMask = 0xffff0000;
    private const uint Version1 = 0x80010000;

    public ThriftBinaryReader(ReadOnlyMemory<byte> data)
        : base(data)
    {
    }

    public override ThriftMessageHeader ReadMessageBegin()
    {
        var at = Position;
        var first = ReadI32();
        if (first < 0)
        {
            if (((uint)first & VersionMask) != Version1)
            {
                throw new ThriftDecodeException($"bad Thrift binary message version 0x{(uint)first:x8} at byte offset {at}");
            }

            var type = ToMessageType(first & 0x07, at);
            var name = ReadString();
            return new ThriftMessageHeader(name, type, ReadI32());
        }

        // Non-strict: the first i32 was the name length.
        var nameAt = Position;
        var length = CheckSize(first, 1, "message name", at);
        var nameBytes = Take(length, "message name");
        string text;
        try
        {
            text = System.Text.Encoding.UTF8.GetString(nameBytes);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw new ThriftDecodeException($"message name at byte offset {nameAt} is not valid UTF-8", ex);
        }

        var typeAt = Position;
        var messageType = ToMessageType(Take(1, "message type")[0] & 0x07, typeAt);
        return new ThriftMessageHeader(text, messageType, ReadI32());
    }

    public override bool ReadFieldBegin(out ThriftType type, out short id)
    {
        var at = Position;
        type = ToType(Take(1, "field type")[0], at);
        if (type == ThriftType.Stop)
        {
            id = 0;
            return false;
        }

        id = ReadI16();
        return true;
    }

    public override bool ReadBool() => Take(1, "bool")[0] != 0;

    public override short ReadI16() => BinaryPrimitives.ReadInt16BigEndian(Take(2, "i16"));

    public override int ReadI32() => BinaryPrimitives.ReadInt32BigEndian(Take(4, "i32"));

    public override long ReadI64() => BinaryPrimitives.ReadInt64BigEndian(Take(8, "i64"));

    public override double ReadDouble() => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Take(8, "double")));

    public override ReadOnlySpan<byte> ReadBinary()
    {
        var at = Position;
        var length = CheckSize(ReadI32(), 1, "string/binary", at);
        return Take(length, "string/binary");
    }

    public override int ReadListBegin(out ThriftType elementType)
    {
        var at = Position;
        elementType = ToType(Take(1, "list element type")[0], at);
        var size = CheckSize(ReadI32(), 1, "list", at);
        Enter("list");
        return size;
    }

    public override int ReadMapBegin(out ThriftType keyType, out ThriftType valueType)
    {
        var at = Position;
        keyType = ToType(Take(1, "map key type")[0], at);
        valueType = ToType(Take(1, "map value type")[0], at + 1);
        var size = CheckSize(ReadI32(), 2, "map", at);
        Enter("map");
        return size;
    }
}
