using System.Buffers.Binary;
using System.Text;
using TraceBackend.Collector.Jaeger.Thrift;

namespace TraceBackend.Collector.Tests.Jaeger.Thrift;

/// <summary>
/// A minimal Thrift encoder for tests, written from the protocol specs (binary: big-endian, type byte + i16 id;
/// compact: field-id deltas, zigzag varints, bool in the type nibble, list size nibble), independent of the readers.
/// </summary>
internal sealed class ThriftTestWriter(ThriftProtocol protocol)
{
    private readonly List<byte> _bytes = [];
    private readonly Stack<short> _lastIds = new();
    private short _lastId;

    public ThriftProtocol Protocol => protocol;

    public byte[] ToArray() => [.. _bytes];

    public ThriftTestWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public ThriftTestWriter MessageBegin(string name, ThriftMessageType type, int seqId)
    {
        if (protocol == ThriftProtocol.Binary)
        {
            I32Raw(unchecked((int)0x80010000) | (int)type);
            String(name);
            I32Raw(seqId);
        }
        else
        {
            Raw(0x82, (byte)(((int)type << 5) | 1));
            Varint((uint)seqId);
            String(name);
        }

        return this;
    }

    public ThriftTestWriter StructBegin()
    {
        _lastIds.Push(_lastId);
        _lastId = 0;
        return this;
    }

    public ThriftTestWriter StructEnd()
    {
        _bytes.Add(0);
        _lastId = _lastIds.Pop();
        return this;
    }

    public ThriftTestWriter Field(ThriftType type, short id)
    {
        if (protocol == ThriftProtocol.Binary)
        {
            _bytes.Add((byte)type);
            I16Raw(id);
        }
        else
        {
            FieldHeader(Compact(type), id);
        }

        return this;
    }

    /// <summary>A whole bool field (compact: value in the type nibble, no value byte).</summary>
    public ThriftTestWriter BoolField(short id, bool value)
    {
        if (protocol == ThriftProtocol.Binary)
        {
            return Field(ThriftType.Bool, id).Raw(value ? (byte)1 : (byte)0);
        }

        FieldHeader(value ? 1 : 2, id);
        return this;
    }

    public ThriftTestWriter I16(short v) => protocol == ThriftProtocol.Binary ? I16Raw(v) : Varint((uint)((v << 1) ^ (v >> 31)));

    public ThriftTestWriter I32(int v) => protocol == ThriftProtocol.Binary ? I32Raw(v) : Varint((uint)((v << 1) ^ (v >> 31)));

    public ThriftTestWriter I64(long v)
    {
        if (protocol == ThriftProtocol.Binary)
        {
            var b = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(b, v);
            return Raw(b);
        }

        return Varint((ulong)((v << 1) ^ (v >> 63)));
    }

    public ThriftTestWriter Double(double v)
    {
        var b = new byte[8];
        if (protocol == ThriftProtocol.Binary)
        {
            BinaryPrimitives.WriteInt64BigEndian(b, BitConverter.DoubleToInt64Bits(v));
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(b, BitConverter.DoubleToInt64Bits(v));
        }

        return Raw(b);
    }

    public ThriftTestWriter String(string s) => Binary(Encoding.UTF8.GetBytes(s));

    public ThriftTestWriter Binary(byte[] bytes)
    {
        if (protocol == ThriftProtocol.Binary)
        {
            I32Raw(bytes.Length);
        }
        else
        {
            Varint((uint)bytes.Length);
        }

        return Raw(bytes);
    }

    public ThriftTestWriter ListBegin(ThriftType element, int size)
    {
        if (protocol == ThriftProtocol.Binary)
        {
            _bytes.Add((byte)element);
            return I32Raw(size);
        }

        var code = Compact(element);
        if (size <= 14)
        {
            return Raw((byte)((size << 4) | code));
        }

        Raw((byte)(0xF0 | code));
        return Varint((uint)size);
    }

    public ThriftTestWriter MapBegin(ThriftType key, ThriftType value, int size)
    {
        if (protocol == ThriftProtocol.Binary)
        {
            Raw((byte)key, (byte)value);
            return I32Raw(size);
        }

        Varint((uint)size);
        return size == 0 ? this : Raw((byte)((Compact(key) << 4) | Compact(value)));
    }

    /// <summary>A bool list/map element.</summary>
    public ThriftTestWriter BoolElement(bool value) => Raw(protocol == ThriftProtocol.Binary ? (byte)(value ? 1 : 0) : (byte)(value ? 1 : 2));

    public ThriftTestWriter Varint(ulong v)
    {
        while (v >= 0x80)
        {
            _bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }

        _bytes.Add((byte)v);
        return this;
    }

    private void FieldHeader(int code, short id)
    {
        var delta = id - _lastId;
        if (delta is > 0 and <= 15)
        {
            _bytes.Add((byte)((delta << 4) | code));
        }
        else
        {
            _bytes.Add((byte)code);
            Varint((uint)((id << 1) ^ (id >> 31)));
        }

        _lastId = id;
    }

    private ThriftTestWriter I16Raw(short v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, v);
        return Raw(b);
    }

    private ThriftTestWriter I32Raw(int v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        return Raw(b);
    }

    private static int Compact(ThriftType type) => type switch
    {
        ThriftType.Bool => 1,
        ThriftType.Byte => 3,
        ThriftType.I16 => 4,
        ThriftType.I32 => 5,
        ThriftType.I64 => 6,
        ThriftType.Double => 7,
        ThriftType.String => 8,
        ThriftType.List => 9,
        ThriftType.Set => 10,
        ThriftType.Map => 11,
        ThriftType.Struct => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
