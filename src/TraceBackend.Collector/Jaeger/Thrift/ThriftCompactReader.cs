using System.Buffers.Binary;

namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>
/// TCompactProtocol: varints (least-significant group first), zigzag i16/i32/i64, little-endian doubles,
/// field headers as id deltas from the previous field of the same struct (long form: type nibble + zigzag i16),
/// bool fields carried in the type nibble (1 true, 2 false), list headers with the size in the high nibble
/// (15 = varint size follows). Message header: <c>0x82</c>, <c>(type &lt;&lt; 5) | 1</c>, varint seq id, name.
/// </summary>
public sealed class ThriftCompactReader : ThriftReader
{
    private const byte ProtocolId = 0x82;
    private const int Version = 1;

    private readonly Stack<short> _lastFieldIds = new();
    private short _lastFieldId;
    private bool? _pendingBool;

    public ThriftCompactReader(ReadOnlyMemory<byte> data)
        : base(data)
    {
    }

    public override ThriftMessageHeader ReadMessageBegin()
    {
        var at = Position;
        var protocolId = Take(1, "protocol id")[0];
        if (protocolId != ProtocolId)
        {
            throw new ThriftDecodeException($"bad Thrift compact protocol id 0x{protocolId:x2} at byte offset {at} (expected 0x82)");
        }

        var versionAndType = Take(1, "version and type")[0];
        if ((versionAndType & 0x1f) != Version)
        {
            throw new ThriftDecodeException($"bad Thrift compact version {versionAndType & 0x1f} at byte offset {at + 1} (expected 1)");
        }

        var type = ToMessageType(versionAndType >> 5, at + 1);
        var seqId = (int)ReadVarint32("sequence id");
        return new ThriftMessageHeader(ReadString(), type, seqId);
    }

    public override void ReadStructBegin()
    {
        base.ReadStructBegin();
        _lastFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    public override void ReadStructEnd()
    {
        base.ReadStructEnd();
        _lastFieldId = _lastFieldIds.Count > 0 ? _lastFieldIds.Pop() : (short)0;
    }

    public override bool ReadFieldBegin(out ThriftType type, out short id)
    {
        var at = Position;
        var header = Take(1, "field header")[0];
        var code = header & 0x0f;
        if (code == 0)
        {
            type = ThriftType.Stop;
            id = 0;
            return false;
        }

        type = FromCompact(code, at);
        var delta = header >> 4;
        id = delta != 0 ? (short)(_lastFieldId + delta) : ReadI16();
        _lastFieldId = id;
        _pendingBool = type == ThriftType.Bool ? code == 1 : null;
        return true;
    }

    public override bool ReadBool()
    {
        if (_pendingBool is { } value)
        {
            _pendingBool = null;
            return value;
        }

        return Take(1, "bool")[0] == 1;
    }

    public override short ReadI16()
    {
        var at = Position;
        var value = ZigZag32(ReadVarint32("i16"));
        return value is >= short.MinValue and <= short.MaxValue
            ? (short)value
            : throw new ThriftDecodeException($"i16 at byte offset {at} is out of range: {value}");
    }

    public override int ReadI32() => ZigZag32(ReadVarint32("i32"));

    public override long ReadI64()
    {
        var u = ReadVarint64("i64");
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    public override double ReadDouble() => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(Take(8, "double")));

    public override ReadOnlySpan<byte> ReadBinary()
    {
        var at = Position;
        var length = CheckSize(ReadVarint32("string/binary length"), 1, "string/binary", at);
        return Take(length, "string/binary");
    }

    public override int ReadListBegin(out ThriftType elementType)
    {
        var at = Position;
        var header = Take(1, "list header")[0];
        elementType = FromCompact(header & 0x0f, at);
        long size = header >> 4;
        if (size == 15)
        {
            size = ReadVarint32("list size");
        }

        var checkedSize = CheckSize(size, 1, "list", at);
        Enter("list");
        return checkedSize;
    }

    public override int ReadMapBegin(out ThriftType keyType, out ThriftType valueType)
    {
        var at = Position;
        long size = ReadVarint32("map size");
        var checkedSize = CheckSize(size, 2, "map", at);
        if (checkedSize == 0)
        {
            keyType = ThriftType.Stop;
            valueType = ThriftType.Stop;
        }
        else
        {
            var typesAt = Position;
            var types = Take(1, "map key/value types")[0];
            keyType = FromCompact(types >> 4, typesAt);
            valueType = FromCompact(types & 0x0f, typesAt);
        }

        Enter("map");
        return checkedSize;
    }

    private static int ZigZag32(uint u) => (int)(u >> 1) ^ -(int)(u & 1);

    private uint ReadVarint32(string what)
    {
        var at = Position;
        var value = ReadVarint64(what);
        return value <= uint.MaxValue
            ? (uint)value
            : throw new ThriftDecodeException($"{what} varint at byte offset {at} does not fit in 32 bits");
    }

    private ulong ReadVarint64(string what)
    {
        var at = Position;
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (Remaining == 0)
            {
                throw new ThriftDecodeException($"truncated: {what} varint at byte offset {at} ends at byte offset {Position}");
            }

            var b = Take(1, what)[0];
            if (shift == 63 && b > 1)
            {
                break;
            }

            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new ThriftDecodeException($"{what} varint at byte offset {at} is longer than 64 bits");
    }

    /// <summary>Compact type code → type; 1 and 2 (bool true/false) both map to <see cref="ThriftType.Bool"/>.</summary>
    private static ThriftType FromCompact(int code, int at) => code switch
    {
        1 or 2 => ThriftType.Bool,
        3 => ThriftType.Byte,
        4 => ThriftType.I16,
        5 => ThriftType.I32,
        6 => ThriftType.I64,
        7 => ThriftType.Double,
        8 => ThriftType.String,
        9 => ThriftType.List,
        10 => ThriftType.Set,
        11 => ThriftType.Map,
        12 => ThriftType.Struct,
        _ => throw new ThriftDecodeException($"unknown Thrift compact type code {code} at byte offset {at}"),
    };
}
