using TraceBackend.Model;
using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Query.Parsing;

/// <summary>Go's <c>strconv.ParseBool</c> and <c>strconv.ParseInt(s, 10, bits)</c>, with Go's error texts.</summary>
public static class GoStrconv
{
    /// <summary>Accepts exactly <c>1 t T TRUE true True 0 f F FALSE false False</c> (<see cref="GoBool"/>).</summary>
    public static bool TryParseBool(string text, out bool value, [NotNullWhen(false)] out string? error)
    {
        error = GoBool.TryParse(text, out value) ? null : "strconv.ParseBool: parsing " + GoQuote.Strconv(text) + ": invalid syntax";
        return error is null;
    }

    /// <summary>
    /// Base-10 integer with optional sign that must fit in <paramref name="bits"/> (32 or 64) bits.
    /// <paramref name="function"/> names the Go function in the error text (<c>strconv.ParseInt</c> or <c>strconv.Atoi</c>).
    /// </summary>
    public static bool TryParseInt(string text, int bits, out long value, [NotNullWhen(false)] out string? error, string function = "strconv.ParseInt")
    {
        value = 0;
        error = null;
        var s = text.AsSpan();
        var neg = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            neg = s[0] == '-';
            s = s[1..];
        }

        if (s.IsEmpty)
        {
            return Fail(function, text, "invalid syntax", out error);
        }

        ulong magnitude = 0;
        var overflow = false;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return Fail(function, text, "invalid syntax", out error);
            }

            if (!overflow)
            {
                if (magnitude > (ulong.MaxValue - 9) / 10)
                {
                    overflow = true;
                }
                else
                {
                    magnitude = magnitude * 10 + (ulong)(c - '0');
                }
            }
        }

        var cutoff = 1UL << (bits - 1);
        if (overflow || (!neg && magnitude >= cutoff) || (neg && magnitude > cutoff))
        {
            return Fail(function, text, "value out of range", out error);
        }

        value = neg ? (magnitude == cutoff ? (bits == 64 ? long.MinValue : -(long)cutoff) : -(long)magnitude) : (long)magnitude;
        return true;
    }

    private static bool Fail(string function, string text, string reason, out string error)
    {
        error = function + ": parsing " + GoQuote.Strconv(text) + ": " + reason;
        return false;
    }
}
