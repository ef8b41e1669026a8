using System.Text;

namespace TraceBackend.Model;

/// <summary>The quoting Go uses inside error messages, so our messages read exactly like Jaeger's.</summary>
public static class GoQuote
{
    private const string LowerHex = "0123456789abcdef";

    /// <summary>
    /// Go's <c>time</c> package quoting: ASCII printable characters as is (<c>"</c> and <c>\</c> escaped),
    /// every byte of a non-ASCII or control character as <c>\xNN</c> of its UTF-8 encoding.
    /// </summary>
    public static string Time(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            if (rune.Value >= 0x80 || rune.Value < ' ')
            {
                var n = rune.EncodeToUtf8(utf8);
                for (var i = 0; i < n; i++)
                {
                    sb.Append("\\x").Append(LowerHex[utf8[i] >> 4]).Append(LowerHex[utf8[i] & 0xF]);
                }
            }
            else
            {
                if (rune.Value is '"' or '\\')
                {
                    sb.Append('\\');
                }

                sb.Append((char)rune.Value);
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Go's <c>strconv.Quote</c> for the common cases: printable characters (also non-ASCII) as is, the usual
    /// escapes for quotes, backslash and control characters.
    /// </summary>
    public static string Strconv(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '\x7f': sb.Append("\\x").Append(LowerHex[c >> 4]).Append(LowerHex[c & 0xF]); break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"').ToString();
    }
}
