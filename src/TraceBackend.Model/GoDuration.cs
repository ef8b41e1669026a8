using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Model;

/// <summary>
/// Go's <c>time.ParseDuration</c>, reproduced exactly: optional sign, then one or more
/// <c>&lt;decimal&gt;&lt;unit&gt;</c> groups (units ns, us, µs (U+00B5), μs (U+03BC), ms, s, m, h), or a bare
/// <c>0</c>. Values are nanoseconds (Go's <c>time.Duration</c>); error texts are Go's.
/// </summary>
public static class GoDuration
{
    private const ulong Limit = 1UL << 63;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> holds Go's message.</summary>
    public static bool TryParse(string text, out long nanoseconds, [NotNullWhen(false)] out string? error)
    {
        nanoseconds = 0;
        error = null;
        var s = text.AsSpan();
        var neg = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            neg = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return Invalid(text, out error);
        }

        ulong d = 0;
        while (!s.IsEmpty)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
            {
                return Invalid(text, out error);
            }

            var before = s.Length;
            if (!TryLeadingInt(ref s, out var v))
            {
                return Invalid(text, out error);
            }

            var pre = before != s.Length;
            ulong f = 0;
            double scale = 1;
            var post = false;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                var fractionStart = s.Length;
                LeadingFraction(ref s, out f, out scale);
                post = fractionStart != s.Length;
            }

            if (!pre && !post)
            {
                return Invalid(text, out error);
            }

            var i = 0;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == 0)
            {
                error = "time: missing unit in duration " + GoQuote.Time(text);
                return false;
            }

            var unitText = s[..i];
            s = s[i..];
            var unit = UnitNanos(unitText);
            if (unit == 0)
            {
                error = "time: unknown unit " + GoQuote.Time(unitText.ToString()) + " in duration " + GoQuote.Time(text);
                return false;
            }

            if (v > Limit / unit)
            {
                return Invalid(text, out error);
            }

            v *= unit;
            if (f > 0)
            {
                // As Go: float64 keeps fractions of hours nanosecond-accurate.
                v += (ulong)(f * (unit / scale));
                if (v > Limit)
                {
                    return Invalid(text, out error);
                }
            }

            d += v;
            if (d > Limit)
            {
                return Invalid(text, out error);
            }
        }

        if (neg)
        {
            nanoseconds = d == Limit ? long.MinValue : -(long)d;
            return true;
        }

        if (d > Limit - 1)
        {
            return Invalid(text, out error);
        }

        nanoseconds = (long)d;
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> with Go's message.</summary>
    public static long Parse(string text) =>
        TryParse(text, out var nanos, out var error) ? nanos : throw new FormatException(error);

    /// <summary>Nanoseconds as a <see cref="TimeSpan"/> (truncated to 100 ns ticks).</summary>
    public static TimeSpan ToTimeSpan(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / 100);

    private static bool Invalid(string text, out string error)
    {
        error = "time: invalid duration " + GoQuote.Time(text);
        return false;
    }

    private static ulong UnitNanos(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 1,
        "us" or "\u00b5s" or "\u03bcs" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => 0,
    };

    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out ulong x)
    {
        x = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (x > Limit / 10)
            {
                return false;
            }

            x = x * 10 + (ulong)(s[i] - '0');
            if (x > Limit)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    private static void LeadingFraction(ref ReadOnlySpan<char> s, out ulong x, out double scale)
    {
        x = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }

            if (x > (Limit - 1) / 10)
            {
                overflow = true;
                continue;
            }

            var y = x * 10 + (ulong)(s[i] - '0');
            if (y > Limit)
            {
                overflow = true;
                continue;
            }

            x = y;
            scale *= 10;
        }

        s = s[i..];
    }
}
