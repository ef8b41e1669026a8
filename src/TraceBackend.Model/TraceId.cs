using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Model;

/// <summary>
/// A 128-bit trace ID held as two big-endian halves, the way Jaeger does: <see cref="High"/> is the
/// first 8 bytes of the OTLP ID, <see cref="Low"/> the last 8. The all-zero value is invalid on ingest.
/// </summary>
public readonly struct TraceId : IEquatable<TraceId>, IComparable<TraceId>
{
    public TraceId(ulong high, ulong low)
    {
        High = high;
        Low = low;
    }

    public ulong High { get; }

    public ulong Low { get; }

    public bool IsEmpty => High == 0 && Low == 0;

    /// <summary>Reads 16 big-endian bytes (OTLP), or 8 bytes as the low half only (Jaeger api_v2 input).</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out TraceId id)
    {
        switch (bytes.Length)
        {
            case 16:
                id = new TraceId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
                return true;
            case 8:
                id = new TraceId(0, BinaryPrimitives.ReadUInt64BigEndian(bytes));
                return true;
            default:
                id = default;
                return false;
        }
    }

    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[16];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Always 32 lower-case hex digits (OTLP JSON, api_v3, trace summaries).</summary>
    public string ToHex32() => string.Create(32, this, static (chars, id) =>
    {
        HexFormat.WriteUInt64(chars, id.High);
        HexFormat.WriteUInt64(chars[16..], id.Low);
    });

    /// <summary>
    /// Jaeger v1 rendering: 16 hex digits when <see cref="High"/> is zero, otherwise 32. Leading zeros are
    /// never trimmed.
    /// </summary>
    public string ToJaegerString() => High == 0 ? HexFormat.ToHex16(Low) : ToHex32();

    public override string ToString() => ToHex32();

    /// <summary>
    /// Parses a trace ID from a URL or query: up to 32 hex digits, case-insensitive, shorter values are
    /// left-padded; when the text is not hex, a base64 (standard or URL-safe, padding optional) form of 8
    /// or 16 bytes is accepted, as Jaeger v2.20+ does. The all-zero ID is rejected.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TraceId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Length <= 32 && HexFormat.TryParseHex128(text, out var high, out var low))
        {
            id = new TraceId(high, low);
            return !id.IsEmpty;
        }

        if (text.Length <= 24 && TryParseBase64(text, out id))
        {
            return !id.IsEmpty;
        }

        id = default;
        return false;
    }

    private static bool TryParseBase64(string text, out TraceId id)
    {
        id = default;
        Span<char> normalized = stackalloc char[24];
        var length = 0;
        foreach (var c in text)
        {
            normalized[length++] = c switch { '-' => '+', '_' => '/', _ => c };
        }

        while (length % 4 != 0)
        {
            if (length >= normalized.Length)
            {
                return false;
            }

            normalized[length++] = '=';
        }

        Span<byte> bytes = stackalloc byte[18];
        return Convert.TryFromBase64Chars(normalized[..length], bytes, out var written)
            && TryFromBytes(bytes[..written], out id);
    }

    public bool Equals(TraceId other) => High == other.High && Low == other.Low;

    public override bool Equals(object? obj) => obj is TraceId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(High, Low);

    public int CompareTo(TraceId other)
    {
        var c = High.CompareTo(other.High);
        return c != 0 ? c : Low.CompareTo(other.Low);
    }

    public static bool operator ==(TraceId left, TraceId right) => left.Equals(right);

    public static bool operator !=(TraceId left, TraceId right) => !left.Equals(right);
}
