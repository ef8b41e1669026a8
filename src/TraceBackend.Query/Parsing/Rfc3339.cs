using TraceBackend.Model;
using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Query.Parsing;

/// <summary>
/// RFC 3339 timestamps as Go's <c>time.Parse(time.RFC3339Nano, …)</c> reads them:
/// <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm)</c>, any number of fraction digits (nanoseconds kept, the rest
/// truncated). A space is also accepted where the <c>+</c> of an offset belongs, because Grafana does not URL-encode
/// these parameters and <c>+</c> arrives decoded as a space.
/// Every syntactically valid value (years 0001–9999, any offset) parses; the arithmetic is done in whole seconds
/// plus a nanosecond fraction, so nothing wraps. Each overload states what happens when its result type cannot hold
/// the instant.
/// </summary>
public static class Rfc3339
{
    private const long NanosPerSecond = 1_000_000_000;
    private const long NanosPerTick = 100;

    private static readonly long s_unixEpochSeconds = DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerSecond;
    private static readonly long s_minTicksSinceEpoch = DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
    private static readonly long s_maxTicksSinceEpoch = DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>
    /// Parses to Unix nanoseconds (negative before 1970). Instants a <see cref="long"/> of nanoseconds cannot hold
    /// (before 1677-09-21T00:12:43.145224192Z or after 2262-04-11T23:47:16.854775807Z) are an error, never a wrap.
    /// </summary>
    public static bool TryParse(string text, out long unixNanos, [NotNullWhen(false)] out string? error)
    {
        unixNanos = 0;
        if (!TryParseParts(text, out var unixSeconds, out var fraction, out error))
        {
            return false;
        }

        var nanos = (Int128)unixSeconds * NanosPerSecond + fraction;
        if (nanos < long.MinValue || nanos > long.MaxValue)
        {
            error = "parsing time " + GoQuote.Strconv(text) + ": out of range for Unix nanoseconds (years 1677-2262)";
            return false;
        }

        unixNanos = (long)nanos;
        return true;
    }

    /// <summary>
    /// Parses to a <see cref="DateTimeOffset"/> (UTC; the fraction truncated to 100 ns, i.e. rounded towards the
    /// past). An offset that moves the instant outside the representable range (e.g. <c>0001-01-01T00:00:00+01:00</c>,
    /// <c>9999-12-31T23:59:59-05:00</c>) clamps it to <see cref="DateTimeOffset.MinValue"/> /
    /// <see cref="DateTimeOffset.MaxValue"/>: such bounds mean "no limit", and no stored span lies beyond them.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (!TryParseParts(text, out var unixSeconds, out var fraction, out error))
        {
            return false;
        }

        // |unixSeconds| < 2.6e11, so the tick count (< 2.6e18) cannot overflow.
        var ticks = unixSeconds * TimeSpan.TicksPerSecond + fraction / NanosPerTick;
        value = DateTimeOffset.UnixEpoch.AddTicks(Math.Clamp(ticks, s_minTicksSinceEpoch, s_maxTicksSinceEpoch));
        return true;
    }

    /// <summary>Whole UTC seconds since the Unix epoch and the nanosecond fraction (0 ≤ fraction &lt; 10^9).</summary>
    private static bool TryParseParts(string text, out long unixSeconds, out long fraction, [NotNullWhen(false)] out string? error)
    {
        unixSeconds = 0;
        fraction = 0;
        error = null;
        var s = text.AsSpan();
        if (s.Length < 20
            || !TryDigits(s, 0, 4, out var year) || s[4] != '-'
            || !TryDigits(s, 5, 2, out var month) || s[7] != '-'
            || !TryDigits(s, 8, 2, out var day) || s[10] != 'T'
            || !TryDigits(s, 11, 2, out var hour) || s[13] != ':'
            || !TryDigits(s, 14, 2, out var minute) || s[16] != ':'
            || !TryDigits(s, 17, 2, out var second))
        {
            return Fail(text, out error);
        }

        var i = 19;
        if (s[i] == '.' || s[i] == ',')
        {
            i++;
            var digits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (digits < 9)
                {
                    fraction = fraction * 10 + (s[i] - '0');
                }

                digits++;
                i++;
            }

            if (digits == 0)
            {
                return Fail(text, out error);
            }

            for (var d = digits; d < 9; d++)
            {
                fraction *= 10;
            }
        }

        var offsetMinutes = 0;
        var zone = s[i..];
        if (zone is "Z")
        {
        }
        else if (zone.Length == 6 && zone[0] is '+' or '-' or ' ' && zone[3] == ':'
            && TryDigits(zone, 1, 2, out var oh) && TryDigits(zone, 4, 2, out var om) && oh < 24 && om < 60)
        {
            offsetMinutes = (oh * 60 + om) * (zone[0] == '-' ? -1 : 1);
        }
        else
        {
            return Fail(text, out error);
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)
            || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return Fail(text, out error);
        }

        var localSeconds = new DateTime(year, month, day).Ticks / TimeSpan.TicksPerSecond + hour * 3600L + minute * 60L + second;
        unixSeconds = localSeconds - offsetMinutes * 60L - s_unixEpochSeconds;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = value * 10 + (s[i] - '0');
        }

        return true;
    }

    private static bool Fail(string text, out string error)
    {
        error = "parsing time " + GoQuote.Strconv(text) + " as \"2006-01-02T15:04:05.999999999Z07:00\": not an RFC 3339 timestamp";
        return false;
    }
}
