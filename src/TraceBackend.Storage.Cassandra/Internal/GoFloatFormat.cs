using System.Globalization;
using System.Numerics;
using System.Text;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// Go's <c>strconv.FormatFloat(f, 'g', prec, 64)</c> for a positive precision, which Jaeger uses for the
/// <c>tag_value</c> of float tags (precision 10), so our index rows match the ones Jaeger writes and Jaeger's
/// queries find them. The decimal expansion of the double is computed exactly, rounded to <c>prec</c> significant
/// digits half-to-even (as Go's fixed-precision Ryū does), and trailing zeros are dropped. Then, with
/// <c>exp</c> = decimal exponent of the first digit and <c>eprec</c> = <c>prec</c> (or the digit count when all
/// digits are left of the point), <c>%e</c> form is used when <c>exp &lt; -4 || exp &gt;= eprec</c>, with an
/// exponent of at least two digits: 1e+21, 0.1, 123.456, 1.234567891e-05, 1e+10, 1234567890, NaN, +Inf, -0.
/// </summary>
internal static class GoFloatFormat
{
    public static string FormatG(double value, int precision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        var negative = double.IsNegative(value);
        var (digits, pointPosition) = Round(ExactDigits(Math.Abs(value), out var dp), dp, precision);
        return Format(negative, digits, pointPosition, precision);
    }

    /// <summary>
    /// The exact decimal digits of a finite non-negative double without leading or trailing zeros ("" for zero), and
    /// <paramref name="pointPosition"/>: the value is <c>0.digits × 10^pointPosition</c>.
    /// </summary>
    private static string ExactDigits(double value, out int pointPosition)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponentBits == 0 && mantissa == 0)
        {
            pointPosition = 0;
            return "";
        }

        // value = mantissa × 2^exponent, exactly.
        int exponent;
        if (exponentBits == 0)
        {
            exponent = -1074;
        }
        else
        {
            mantissa |= 1L << 52;
            exponent = exponentBits - 1075;
        }

        string text;
        if (exponent >= 0)
        {
            text = (new BigInteger(mantissa) << exponent).ToString(CultureInfo.InvariantCulture);
            pointPosition = text.Length;
        }
        else
        {
            // mantissa / 2^k = mantissa × 5^k / 10^k.
            text = (new BigInteger(mantissa) * BigInteger.Pow(5, -exponent)).ToString(CultureInfo.InvariantCulture);
            pointPosition = text.Length + exponent;
        }

        return text.TrimEnd('0');
    }

    /// <summary>Rounds to at most <paramref name="precision"/> significant digits, half to even; drops trailing zeros.</summary>
    private static (string Digits, int PointPosition) Round(string digits, int pointPosition, int precision)
    {
        if (digits.Length <= precision)
        {
            return (digits, pointPosition);
        }

        var next = digits[precision];
        var restNonZero = digits.AsSpan(precision + 1).IndexOfAnyExcept('0') >= 0;
        var roundUp = next > '5' || (next == '5' && (restNonZero || (digits[precision - 1] - '0') % 2 == 1));
        var kept = digits.ToCharArray(0, precision);
        if (roundUp)
        {
            var i = precision - 1;
            while (i >= 0 && kept[i] == '9')
            {
                kept[i] = '0';
                i--;
            }

            if (i < 0)
            {
                // 99…9 rounded up: one digit "1" a decade higher.
                return ("1", pointPosition + 1);
            }

            kept[i]++;
        }

        return (new string(kept).TrimEnd('0'), pointPosition);
    }

    private static string Format(bool negative, string digits, int pointPosition, int precision)
    {
        var sb = new StringBuilder(precision + 8);
        if (negative)
        {
            sb.Append('-');
        }

        var count = digits.Length;
        var eprec = precision > count && count >= pointPosition ? count : precision;
        var exp = pointPosition - 1;
        if (exp < -4 || exp >= eprec)
        {
            // %e with min(precision, count) − 1 fraction digits.
            sb.Append(count == 0 ? '0' : digits[0]);
            if (count > 1)
            {
                sb.Append('.').Append(digits, 1, count - 1);
            }

            if (count == 0)
            {
                exp = 0;
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var abs = Math.Abs(exp);
            if (abs < 10)
            {
                sb.Append('0');
            }

            return sb.Append(abs.ToString(CultureInfo.InvariantCulture)).ToString();
        }

        // %f: all digits left of the point (zero-padded), then the remaining digits after it.
        if (pointPosition > 0)
        {
            var integerDigits = Math.Min(count, pointPosition);
            sb.Append(digits, 0, integerDigits).Append('0', pointPosition - integerDigits);
        }
        else
        {
            sb.Append('0');
        }

        var fractionDigits = Math.Max(count - pointPosition, 0);
        if (fractionDigits > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= fractionDigits; i++)
            {
                var j = pointPosition + i - 1;
                sb.Append(j >= 0 && j < count ? digits[j] : '0');
            }
        }

        return sb.ToString();
    }
}
