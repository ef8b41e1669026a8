using System.Text;

namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>
/// Reads Thrift values from a byte buffer with strict bounds checks: every read checks the bytes left, every
/// length and collection size is checked against the bytes left (each element takes at least one byte), and
/// struct/collection nesting is limited to <see cref="MaxDepth"/>. Any violation throws
/// <see cref="ThriftDecodeException"/> naming what was read and the byte offset; no other exception escapes a
/// read of untrusted bytes. Not thread-safe; one reader per buffer.
/// </summary>
public abstract class ThriftReader
{
    /// <summary>Deepest nesting of structs, lists, sets and maps accepted (Jaeger's own schema needs 4).</summary>
    public const int MaxDepth = 64;

    private static readonly UTF8Encoding s_utf8 = new(false, true);

    private readonly ReadOnlyMemory<byte> _data;
    private int _depth;

    protected ThriftReader(ReadOnlyMemory<byte> data) => _data = data;

    /// <summary>Offset of the next byte to read.</summary>
    public int Position { get; protected set; }

    /// <summary>Bytes not read yet.</summary>
    public int Remaining => _data.Length - Position;

    /// <summary>Creates the reader of <paramref name="protocol"/>.</summary>
    public static ThriftReader Create(ThriftProtocol protocol, ReadOnlyMemory<byte> data) => protocol switch
    {
        ThriftProtocol.Binary => new ThriftBinaryReader(data),
        ThriftProtocol.Compact => new ThriftCompactReader(data),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "not a Thrift protocol"),
    };

    public abstract ThriftMessageHeader ReadMessageBegin();

    /// <summary>Enters a struct (nesting is counted).</summary>
    public virtual void ReadStructBegin() => Enter("struct");

    public virtual void ReadStructEnd() => Leave();

    /// <summary>Reads a field header; false at the struct's STOP.</summary>
    public abstract bool ReadFieldBegin(out ThriftType type, out short id);

    public abstract bool ReadBool();

    public sbyte ReadByte() => (sbyte)Take(1, "i8")[0];

    public abstract short ReadI16();

    public abstract int ReadI32();

    public abstract long ReadI64();

    public abstract double ReadDouble();

    /// <summary>A binary value; the span points into the reader's buffer.</summary>
    public abstract ReadOnlySpan<byte> ReadBinary();

    /// <summary>A UTF-8 string; invalid UTF-8 is a decode error.</summary>
    public string ReadString()
    {
        var start = Position;
        var bytes = ReadBinary();
        try
        {
            return s_utf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ThriftDecodeException($"string at byte offset {start} is not valid UTF-8", ex);
        }
    }

    /// <summary>Reads a list header (counted as one nesting level until <see cref="ReadListEnd"/>); returns the size.</summary>
    public abstract int ReadListBegin(out ThriftType elementType);

    public void ReadListEnd() => Leave();

    /// <summary>Reads a map header (counted as one nesting level until <see cref="ReadMapEnd"/>); returns the size.</summary>
    public abstract int ReadMapBegin(out ThriftType keyType, out ThriftType valueType);

    public void ReadMapEnd() => Leave();

    /// <summary>Skips one value of <paramref name="type"/>, whatever it contains.</summary>
    public void Skip(ThriftType type)
    {
        switch (type)
        {
            case ThriftType.Bool: ReadBool(); break;
            case ThriftType.Byte: ReadByte(); break;
            case ThriftType.Double: ReadDouble(); break;
            case ThriftType.I16: ReadI16(); break;
            case ThriftType.I32: ReadI32(); break;
            case ThriftType.I64: ReadI64(); break;
            case ThriftType.String: ReadBinary(); break;
            case ThriftType.Struct:
                ReadStructBegin();
                while (ReadFieldBegin(out var fieldType, out _))
                {
                    Skip(fieldType);
                }

                ReadStructEnd();
                break;
            case ThriftType.List:
            case ThriftType.Set:
                {
                    var n = ReadListBegin(out var elementType);
                    for (var i = 0; i < n; i++)
                    {
                        Skip(elementType);
                    }

                    ReadListEnd();
                    break;
                }

            case ThriftType.Map:
                {
                    var n = ReadMapBegin(out var keyType, out var valueType);
                    for (var i = 0; i < n; i++)
                    {
                        Skip(keyType);
                        Skip(valueType);
                    }

                    ReadMapEnd();
                    break;
                }

            default:
                throw new ThriftDecodeException($"cannot skip a value of unknown type {(int)type} before byte offset {Position}");
        }
    }

    /// <summary>Takes <paramref name="count"/> bytes or throws naming <paramref name="what"/>.</summary>
    protected ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count > Remaining)
        {
            throw new ThriftDecodeException(
                $"truncated: {what} at byte offset {Position} needs {count} bytes, only {Remaining} left");
        }

        var span = _data.Span.Slice(Position, count);
        Position += count;
        return span;
    }

    /// <summary>Checks a length or size read at <paramref name="at"/> against the bytes left.</summary>
    protected int CheckSize(long size, int minBytesEach, string what, int at)
    {
        if (size < 0)
        {
            throw new ThriftDecodeException($"{what} at byte offset {at} has negative size {size}");
        }

        if (size * minBytesEach > Remaining)
        {
            throw new ThriftDecodeException($"{what} at byte offset {at} has size {size} but only {Remaining} bytes are left");
        }

        return (int)size;
    }

    protected void Enter(string what)
    {
        if (++_depth > MaxDepth)
        {
            throw new ThriftDecodeException($"{what} at byte offset {Position} is nested deeper than {MaxDepth} levels");
        }
    }

    protected void Leave() => _depth--;

    /// <summary>Maps a binary-protocol type byte, rejecting unknown ids.</summary>
    protected static ThriftType ToType(byte id, int at) => id switch
    {
        0 or 2 or 3 or 4 or 6 or 8 or 10 or 11 or 12 or 13 or 14 or 15 => (ThriftType)id,
        _ => throw new ThriftDecodeException($"unknown Thrift type id {id} at byte offset {at}"),
    };

    protected static ThriftMessageType ToMessageType(int type, int at) => type is >= 1 and <= 4
        ? (ThriftMessageType)type
        : throw new ThriftDecodeException($"unknown Thrift message type {type} at byte offset {at}");
}
