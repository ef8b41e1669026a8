using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Unicode;

namespace TraceBackend.Otlp;

/// <summary>
/// Protobuf wire-format writer into an <see cref="IBufferWriter{T}"/> (or one fixed span). The caller knows
/// every nested message's length before writing it (see <see cref="OtlpProtobufEncoder"/>), so nothing is
/// back-patched. Bytes are committed to the output only by <see cref="Flush"/> (and when a new span is needed).
/// Over a fixed span, running out of room is a bug of the size pass and throws.
/// </summary>
internal ref struct ProtoWriter
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireFixed32 = 5;

    /// <summary>Strings up to this many UTF-8 bytes are encoded into one contiguous span; longer ones in chunks.</summary>
    private const int ContiguousLimit = 4096;

    /// <summary>Strings up to this many chars have at most 127 UTF-8 bytes (a one-byte length).</summary>
    private const int ShortStringChars = 127 / 3;

    private readonly IBufferWriter<byte>? _output;
    private Span<byte> _span;
    private int _position;
    private long _remaining;

    /// <param name="expectedLength">The total the caller will write: sizes the spans asked of <paramref name="output"/>.</param>
    public ProtoWriter(IBufferWriter<byte> output, long expectedLength)
    {
        _output = output;
        _span = default;
        _position = 0;
        _remaining = expectedLength;
    }

    public ProtoWriter(Span<byte> destination)
    {
        _output = null;
        _span = destination;
        _position = 0;
        _remaining = destination.Length;
    }

    /// <summary>Bytes of a varint (1 to 10).</summary>
    public static int VarintSize(ulong value) => (BitOperations.Log2(value | 1) / 7) + 1;

    /// <summary>Bytes of a field's tag.</summary>
    public static int TagSize(int field) => VarintSize((uint)field << 3);

    /// <summary>Bytes of a length-delimited field whose payload is <paramref name="length"/> bytes.</summary>
    public static int DelimitedSize(int field, int length) => checked(TagSize(field) + VarintSize((uint)length) + length);

    /// <summary>Bytes of a string field's UTF-8 payload (lone surrogates count as U+FFFD, as they are written).</summary>
    public static int Utf8Length(string value) => Encoding.UTF8.GetByteCount(value);

    public void WriteTag(int field, int wireType) => WriteVarint(((uint)field << 3) | (uint)wireType);

    public void WriteVarint(ulong value)
    {
        if (_span.Length - _position < 10)
        {
            Ensure(VarintSize(value));
        }

        var span = _span[_position..];
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _position += i;
    }

    public void WriteFixed32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_span[_position..], value);
        _position += 4;
    }

    public void WriteFixed64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_span[_position..], value);
        _position += 8;
    }

    /// <summary>Tag and length of a nested message (or bytes) of <paramref name="length"/> bytes, which follow.</summary>
    public void WriteLengthPrefix(int field, int length)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((uint)length);
    }

    /// <summary>A string field, written even when empty (callers omit proto3 defaults themselves).</summary>
    public void WriteString(int field, string value)
    {
        WriteTag(field, WireLengthDelimited);
        var worstCase = 1 + (value.Length * 3);
        if (value.Length <= ShortStringChars && (_output is not null || _span.Length - _position >= worstCase))
        {
            // At most 3 UTF-8 bytes per UTF-16 char, so the length fits one varint byte: write the text
            // first, then the length byte before it, without counting the bytes separately. (A fixed span
            // may have less room than the worst case near its end; the counted path below then fits exactly.)
            Ensure(worstCase);
            Utf8.FromUtf16(value, _span[(_position + 1)..], out _, out var count, replaceInvalidSequences: true, isFinalBlock: true);
            _span[_position] = (byte)count;
            _position += 1 + count;
            return;
        }

        var length = Utf8Length(value);
        WriteVarint((uint)length);
        if (length <= ContiguousLimit)
        {
            Ensure(length);
            Utf8.FromUtf16(value, _span[_position..], out _, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            _position += written;
            return;
        }

        ReadOnlySpan<char> rest = value;
        var left = length;
        while (!rest.IsEmpty)
        {
            // The room asked for is at least the UTF-8 bytes left, so the next scalar always fits.
            Ensure(Math.Min(ContiguousLimit, left));
            Utf8.FromUtf16(rest, _span[_position..], out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            rest = rest[read..];
            _position += written;
            left -= written;
        }
    }

    /// <summary>A bytes field, written even when empty.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteLengthPrefix(field, value.Length);
        while (!value.IsEmpty)
        {
            Ensure(Math.Min(value.Length, ContiguousLimit));
            var n = Math.Min(value.Length, _span.Length - _position);
            value[..n].CopyTo(_span[_position..]);
            _position += n;
            value = value[n..];
        }
    }

    /// <summary>Room for <paramref name="count"/> contiguous bytes at the current position.</summary>
    public Span<byte> GetSpan(int count)
    {
        Ensure(count);
        return _span.Slice(_position, count);
    }

    public void Advance(int count) => _position += count;

    /// <summary>Commits the bytes written so far to the output.</summary>
    public void Flush()
    {
        if (_output is not null && _position > 0)
        {
            _output.Advance(_position);
            _remaining -= _position;
            _span = default;
            _position = 0;
        }
    }

    private void Ensure(int count)
    {
        if (_span.Length - _position < count)
        {
            Grow(count);
        }
    }

    private void Grow(int count)
    {
        if (_output is null)
        {
            throw new InvalidOperationException("OTLP encoder: the destination is smaller than the computed message size.");
        }

        Flush();
        // Ask for what is left (bounded), so array-backed writers grow once rather than in many small steps.
        var hint = (int)Math.Clamp(_remaining, count, Math.Max(count, 1 << 16));
        _span = _output.GetSpan(hint);
    }
}
