namespace TraceBackend.Model;

/// <summary>Lower-case hex formatting and lenient hex parsing of IDs.</summary>
public static class HexFormat
{
    private const string Digits = "0123456789abcdef";

    public static void WriteUInt64(Span<char> destination, ulong value)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = Digits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    public static string ToHex16(ulong value) => string.Create(16, value, static (chars, v) => WriteUInt64(chars, v));

    /// <summary>
    /// Parses 1–32 hex digits: the last 16 are the low half, the rest the high half (shorter input is
    /// implicitly left-padded with zeros).
    /// </summary>
    public static bool TryParseHex128(ReadOnlySpan<char> text, out ulong high, out ulong low)
    {
        high = 0;
        low = 0;
        if (text.Length is 0 or > 32)
        {
            return false;
        }

        var split = Math.Max(0, text.Length - 16);
        return TryParseHex64(text[..split], out high) && TryParseHex64(text[split..], out low);
    }

    public static bool TryParseHex64(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        foreach (var c in text)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        return true;
    }
}
