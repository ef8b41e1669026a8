using TraceBackend.Model;
using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Query.Parsing;

/// <summary>
/// RFC 3339 timestamps as Go's <c>time.Parse(time.RFC3339Nano, …)</c> reads them:
/// <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm)</c>, any number of fraction digits (nanoseconds kept).
/// A space is also accepted where the <c>+</c> of an offset belongs, because Grafana does not URL-encode
/// these parameters and <c>+</c> arrives decoded as a space.
/// </summary>
public static class Rfc3339
{
    /// <summary>Parses to Unix nanoseconds (negative before 1970).</summary>
    public static bool TryParse(string text, out long unixNanos, [NotNullWhen(false)] out string? error)
    {
        unixNanos = 0;
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
        long fraction = 0;
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

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        var utcTicks = local.Ticks - TimeSpan.TicksPerMinute * offsetMinutes - DateTime.UnixEpoch.Ticks;
        unixNanos = utcTicks * 100 + fraction;
        return true;
    }

    /// <summary>Parses to a <see cref="DateTimeOffset"/> (UTC, 100 ns resolution) or returns an error.</summary>
    public static bool TryParse(string text, out DateTimeOffset value, [NotNullWhen(false)] out string? error)
    {
        if (TryParse(text, out long nanos, out error))
        {
            value = DateTimeOffset.UnixEpoch.AddTicks(nanos / 100);
            return true;
        }

        value = default;
        return false;
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
