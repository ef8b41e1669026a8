using TraceBackend.Model;

namespace TraceBackend.Otlp;

public sealed partial class OtlpProtobufDecoder
{
    /// <summary>A <c>KeyValue</c>: key interned from its UTF-8 bytes; an absent value is Empty.</summary>
    private KeyValue DecodeKeyValue(ProtoReader reader, DecodeScratch scratch)
    {
        ReadOnlySpan<byte> key = default;
        var keyOffset = 0;
        var value = AttributeValue.Empty;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1u << 3) | Delimited:
                    keyOffset = reader.Offset;
                    key = reader.ReadBytes();
                    break;
                case (2u << 3) | Delimited:
                    value = DecodeAnyValue(reader.ReadMessage(), scratch);
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }

        ProtoReader.ValidateUtf8(key, keyOffset);
        return new KeyValue(_keys.Intern(key), value);
    }

    /// <summary>An <c>AnyValue</c>: the last value case on the wire wins; none is Empty.</summary>
    private AttributeValue DecodeAnyValue(ProtoReader reader, DecodeScratch scratch)
    {
        var value = AttributeValue.Empty;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1u << 3) | Delimited:
                    value = AttributeValue.String(reader.ReadString());
                    break;
                case (2u << 3) | Varint:
                    value = AttributeValue.Bool(reader.ReadVarint() != 0);
                    break;
                case (3u << 3) | Varint:
                    value = AttributeValue.Int((long)reader.ReadVarint());
                    break;
                case (4u << 3) | Fixed64:
                    value = AttributeValue.Double(BitConverter.UInt64BitsToDouble(reader.ReadFixed64()));
                    break;
                case (5u << 3) | Delimited:
                    value = DecodeArray(reader.ReadMessage(), scratch);
                    break;
                case (6u << 3) | Delimited:
                    value = DecodeKvList(reader.ReadMessage(), scratch);
                    break;
                case (7u << 3) | Delimited:
                    value = AttributeValue.Bytes(reader.ReadBytes().ToArray());
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }

        return value;
    }

    private AttributeValue DecodeArray(ProtoReader reader, DecodeScratch scratch)
    {
        var start = scratch.Values.Count;
        while (reader.TryReadTag(out var tag))
        {
            if (tag == Tag(1, Delimited))
            {
                scratch.Values.Push(DecodeAnyValue(reader.ReadMessage(), scratch));
            }
            else
            {
                reader.SkipField(tag);
            }
        }

        return AttributeValue.Array(scratch.Values.Pop(start));
    }

    private AttributeValue DecodeKvList(ProtoReader reader, DecodeScratch scratch)
    {
        var start = scratch.Attributes.Count;
        while (reader.TryReadTag(out var tag))
        {
            if (tag == Tag(1, Delimited))
            {
                scratch.Attributes.Push(DecodeKeyValue(reader.ReadMessage(), scratch));
            }
            else
            {
                reader.SkipField(tag);
            }
        }

        return AttributeValue.KvList(scratch.Attributes.Pop(start));
    }
}
