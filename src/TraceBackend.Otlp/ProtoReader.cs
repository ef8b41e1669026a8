using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace TraceBackend.Otlp;

/// <summary>
/// Protobuf wire-format reader over one message's bytes. Every read is bounds-checked and every failure
/// throws <see cref="OtlpDecodeException"/> (never another exception, never a loop without progress), naming
/// the byte offset in the whole payload. <see cref="ReadMessage"/> gives the reader of a nested message, one
/// level deeper; more than <see cref="MaxDepth"/> levels are refused (Google.Protobuf's default recursion
/// limit, so both decoders accept the same nesting).
/// </summary>
internal ref struct ProtoReader
{
    public const int MaxDepth = 100;

    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireStartGroup = 3;
    public const int WireEndGroup = 4;
    public const int WireFixed32 = 5;

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _baseOffset;
    private readonly int _depth;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> buffer, int baseOffset = 0, int depth = 0)
    {
        _buffer = buffer;
        _baseOffset = baseOffset;
        _depth = depth;
        _position = 0;
    }

    /// <summary>Offset of the next byte in the whole payload.</summary>
    public readonly int Offset => _baseOffset + _position;

    /// <summary>Reads the next field's tag; false at the end of the message. Field number 0 is malformed.</summary>
    public bool TryReadTag(out uint tag)
    {
        if (_position >= _buffer.Length)
        {
            tag = 0;
            return false;
        }

        var at = Offset;
        var value = ReadVarint();
        if (value > uint.MaxValue || (value >> 3) == 0)
        {
            throw Error($"invalid field tag {value}", at);
        }

        tag = (uint)value;
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw Error("truncated varint", Offset);
            }

            var b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Error("varint longer than 10 bytes", Offset);
    }

    public uint ReadFixed32()
    {
        if (_buffer.Length - _position < 4)
        {
            throw Error("truncated fixed32", Offset);
        }

        var value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[_position..]);
        _position += 4;
        return value;
    }

    public ulong ReadFixed64()
    {
        if (_buffer.Length - _position < 8)
        {
            throw Error("truncated fixed64", Offset);
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer[_position..]);
        _position += 8;
        return value;
    }

    /// <summary>The payload of a length-delimited field (a view into the buffer).</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var at = Offset;
        var length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw Error($"length {length} runs past the end of the enclosing message", at);
        }

        var bytes = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    /// <summary>A length-delimited field as UTF-8 text; invalid UTF-8 is malformed.</summary>
    public string ReadString()
    {
        var at = Offset;
        var bytes = ReadBytes();
        return DecodeUtf8(bytes, at);
    }

    /// <summary>A nested message: the reader of its bytes, one level deeper.</summary>
    public ProtoReader ReadMessage()
    {
        var at = Offset;
        if (_depth >= MaxDepth)
        {
            throw Error($"messages nested more than {MaxDepth} deep", at);
        }

        var bytes = ReadBytes();
        return new ProtoReader(bytes, _baseOffset + _position - bytes.Length, _depth + 1);
    }

    /// <summary>Skips the value of an unknown (or unexpected wire type) field, of any valid wire type.</summary>
    public void SkipField(uint tag)
    {
        switch ((int)(tag & 7))
        {
            case WireVarint:
                ReadVarint();
                break;
            case WireFixed64:
                ReadFixed64();
                break;
            case WireLengthDelimited:
                ReadBytes();
                break;
            case WireFixed32:
                ReadFixed32();
                break;
            case WireStartGroup:
                SkipGroup(tag >> 3, _depth);
                break;
            case WireEndGroup:
                throw Error($"end-group tag of field {tag >> 3} without a start-group", Offset);
            default:
                throw Error($"invalid wire type {tag & 7} of field {tag >> 3}", Offset);
        }
    }

    /// <summary>Skips a (deprecated) group up to its matching end-group tag; nested groups count as depth.</summary>
    private void SkipGroup(uint field, int depth)
    {
        if (depth >= MaxDepth)
        {
            throw Error($"messages nested more than {MaxDepth} deep", Offset);
        }

        while (true)
        {
            if (!TryReadTag(out var tag))
            {
                throw Error($"group of field {field} is not terminated", Offset);
            }

            var wire = (int)(tag & 7);
            if (wire == WireEndGroup)
            {
                if (tag >> 3 != field)
                {
                    throw Error($"end-group tag of field {tag >> 3} inside the group of field {field}", Offset);
                }

                return;
            }

            if (wire == WireStartGroup)
            {
                SkipGroup(tag >> 3, depth + 1);
            }
            else
            {
                SkipField(tag);
            }
        }
    }

    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, int offset)
    {
        if (bytes.Length == 0)
        {
            return "";
        }

        try
        {
            // One pass: the strict encoding validates while it decodes.
            return s_utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("string is not valid UTF-8", offset);
        }
    }

    /// <summary>Throws when <paramref name="bytes"/> is not valid UTF-8 (for text decoded later, e.g. interned keys).</summary>
    public static void ValidateUtf8(ReadOnlySpan<byte> bytes, int offset)
    {
        if (!Utf8.IsValid(bytes))
        {
            throw Error("string is not valid UTF-8", offset);
        }
    }

    public static OtlpDecodeException Error(string what, int offset) =>
        new($"invalid OTLP protobuf: {what} (byte {offset})");
}
