using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Model;

/// <summary>A 64-bit span ID (8 big-endian bytes in OTLP). Zero means "no span" (e.g. no parent).</summary>
public readonly struct SpanId : IEquatable<SpanId>
{
    public SpanId(ulong value) => Value = value;

    public ulong Value { get; }

    public bool IsEmpty => Value == 0;

    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out SpanId id)
    {
        if (bytes.Length != 8)
        {
            id = default;
            return false;
        }

        id = new SpanId(BinaryPrimitives.ReadUInt64BigEndian(bytes));
        return true;
    }

    public void WriteBytes(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public byte[] ToBytes()
    {
        var bytes = new byte[8];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Always 16 lower-case hex digits.</summary>
    public string ToHex() => HexFormat.ToHex16(Value);

    public override string ToString() => ToHex();

    /// <summary>Parses up to 16 hex digits (case-insensitive, left-padded).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out SpanId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > 16 || !HexFormat.TryParseHex128(text, out _, out var low))
        {
            return false;
        }

        id = new SpanId(low);
        return true;
    }

    public bool Equals(SpanId other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is SpanId other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public static bool operator ==(SpanId left, SpanId right) => left.Equals(right);

    public static bool operator !=(SpanId left, SpanId right) => !left.Equals(right);
}
