using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// The OTLP protobuf encoding of one <c>opentelemetry.proto.common.v1.AnyValue</c> message (string 1, bool 2, int 3,
/// double 4, array 5, kvlist 6, bytes 7), used for the <c>value_complex</c> column (arrays and key/value lists) so
/// that external readers can decode it with any protobuf library. An empty value is an empty message.
/// </summary>
internal static class AnyValueCodec
{
    private const int MaxDepth = 64;

    public static void Encode(AttributeValue value, ArrayBufferWriter<byte> output)
    {
        switch (value.Type)
        {
            case AttributeType.Empty:
                break;
            case AttributeType.String:
                WriteTag(output, 1, 2);
                WriteString(output, value.AsString);
                break;
            case AttributeType.Bool:
                WriteTag(output, 2, 0);
                WriteVarint(output, value.AsBool ? 1UL : 0UL);
                break;
            case AttributeType.Int:
                WriteTag(output, 3, 0);
                WriteVarint(output, unchecked((ulong)value.AsInt));
                break;
            case AttributeType.Double:
                WriteTag(output, 4, 1);
                BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value.AsDouble);
                output.Advance(8);
                break;
            case AttributeType.Bytes:
                WriteTag(output, 7, 2);
                WriteBytes(output, value.AsBytes);
                break;
            case AttributeType.Array:
            {
                var array = new ArrayBufferWriter<byte>();
                foreach (var item in value.AsArray)
                {
                    WriteMessage(array, 1, item);
                }

                WriteTag(output, 5, 2);
                WriteBytes(output, array.WrittenSpan);
                break;
            }

            case AttributeType.KvList:
            {
                var list = new ArrayBufferWriter<byte>();
                foreach (var kv in value.AsKvList)
                {
                    var pair = new ArrayBufferWriter<byte>();
                    WriteTag(pair, 1, 2);
                    WriteString(pair, kv.Key);
                    WriteMessage(pair, 2, kv.Value);
                    WriteTag(list, 1, 2);
                    WriteBytes(list, pair.WrittenSpan);
                }

                WriteTag(output, 6, 2);
                WriteBytes(output, list.WrittenSpan);
                break;
            }

            default:
                throw new ArgumentException($"unknown attribute type {value.Type}", nameof(value));
        }
    }

    /// <summary>Decodes an <c>AnyValue</c>; <see cref="InvalidDataException"/> when the bytes are not one.</summary>
    public static AttributeValue Decode(ReadOnlySpan<byte> data, Func<string, string>? internKey = null) => DecodeValue(data, 0, internKey);

    private static AttributeValue DecodeValue(ReadOnlySpan<byte> data, int depth, Func<string, string>? internKey)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"attribute value nests deeper than {MaxDepth} levels");
        }

        var result = AttributeValue.Empty;
        var pos = 0;
        while (pos < data.Length)
        {
            var tag = ReadVarint(data, ref pos);
            var field = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            switch ((field, wire))
            {
                case (1, 2):
                    result = AttributeValue.String(Encoding.UTF8.GetString(ReadBytes(data, ref pos)));
                    break;
                case (2, 0):
                    result = AttributeValue.Bool(ReadVarint(data, ref pos) != 0);
                    break;
                case (3, 0):
                    result = AttributeValue.Int(unchecked((long)ReadVarint(data, ref pos)));
                    break;
                case (4, 1):
                    if (data.Length - pos < 8)
                    {
                        throw Truncated();
                    }

                    result = AttributeValue.Double(BinaryPrimitives.ReadDoubleLittleEndian(data[pos..]));
                    pos += 8;
                    break;
                case (7, 2):
                    result = AttributeValue.Bytes(ReadBytes(data, ref pos).ToArray());
                    break;
                case (5, 2):
                    result = DecodeArray(ReadBytes(data, ref pos), depth, internKey);
                    break;
                case (6, 2):
                    result = DecodeKvList(ReadBytes(data, ref pos), depth, internKey);
                    break;
                default:
                    throw new InvalidDataException($"unexpected field {field} (wire type {wire}) in an attribute value");
            }
        }

        return result;
    }

    private static AttributeValue DecodeArray(ReadOnlySpan<byte> data, int depth, Func<string, string>? internKey)
    {
        var items = ImmutableArray.CreateBuilder<AttributeValue>();
        var pos = 0;
        while (pos < data.Length)
        {
            if (ReadVarint(data, ref pos) != (1 << 3 | 2))
            {
                throw new InvalidDataException("unexpected field in an attribute array");
            }

            items.Add(DecodeValue(ReadBytes(data, ref pos), depth + 1, internKey));
        }

        return AttributeValue.Array(items.DrainToImmutable());
    }

    private static AttributeValue DecodeKvList(ReadOnlySpan<byte> data, int depth, Func<string, string>? internKey)
    {
        var items = ImmutableArray.CreateBuilder<KeyValue>();
        var pos = 0;
        while (pos < data.Length)
        {
            if (ReadVarint(data, ref pos) != (1 << 3 | 2))
            {
                throw new InvalidDataException("unexpected field in an attribute key/value list");
            }

            var pair = ReadBytes(data, ref pos);
            var key = "";
            var value = AttributeValue.Empty;
            var p = 0;
            while (p < pair.Length)
            {
                switch (ReadVarint(pair, ref p))
                {
                    case 1 << 3 | 2:
                        key = Encoding.UTF8.GetString(ReadBytes(pair, ref p));
                        break;
                    case 2 << 3 | 2:
                        value = DecodeValue(ReadBytes(pair, ref p), depth + 1, internKey);
                        break;
                    default:
                        throw new InvalidDataException("unexpected field in an attribute key/value pair");
                }
            }

            items.Add(new KeyValue(internKey is null ? key : internKey(key), value));
        }

        return AttributeValue.KvList(items.DrainToImmutable());
    }

    private static void WriteMessage(ArrayBufferWriter<byte> output, int field, AttributeValue value)
    {
        var inner = new ArrayBufferWriter<byte>();
        Encode(value, inner);
        WriteTag(output, field, 2);
        WriteBytes(output, inner.WrittenSpan);
    }

    private static void WriteTag(ArrayBufferWriter<byte> output, int field, int wire) => WriteVarint(output, (ulong)(field << 3 | wire));

    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint(output, (ulong)length);
        Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(length);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        WriteVarint(output, (ulong)value.Length);
        output.Write(value);
    }

    private static void WriteVarint(ArrayBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        output.Advance(n);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
            {
                throw Truncated();
            }

            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("malformed varint in an attribute value");
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> data, ref int pos)
    {
        var length = ReadVarint(data, ref pos);
        if (length > (ulong)(data.Length - pos))
        {
            throw Truncated();
        }

        var bytes = data.Slice(pos, (int)length);
        pos += (int)length;
        return bytes;
    }

    private static InvalidDataException Truncated() => new("truncated attribute value");
}
