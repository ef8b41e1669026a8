using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TraceBackend.Otlp;

/// <summary>
/// Scalar readers, lenient as proto3 JSON parsers are: 64-bit integers as numbers or strings, doubles also
/// as "NaN"/"Infinity", enums as numbers or names, IDs as hex, bytes as base64. A wrong JSON type throws
/// <see cref="OtlpDecodeException"/> with the path.
/// </summary>
internal ref partial struct OtlpJsonParser
{
    private string ReadString()
    {
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw Error("expected string");
        }

        return _reader.GetString()!;
    }

    private bool ReadBool() => _reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Error("expected boolean"),
    };

    private ulong ReadUInt64()
    {
        if (_reader.TokenType == JsonTokenType.Number && _reader.TryGetUInt64(out var n))
        {
            return n;
        }

        if (_reader.TokenType == JsonTokenType.String && !_reader.ValueIsEscaped
            && Utf8Parser.TryParse(_reader.ValueSpan, out ulong s, out var used) && used == _reader.ValueSpan.Length)
        {
            return s;
        }

        return (ulong)ReadIntegralDouble(0, ulong.MaxValue, "expected unsigned 64-bit integer");
    }

    private long ReadInt64()
    {
        if (_reader.TokenType == JsonTokenType.Number && _reader.TryGetInt64(out var n))
        {
            return n;
        }

        if (_reader.TokenType == JsonTokenType.String && !_reader.ValueIsEscaped
            && Utf8Parser.TryParse(_reader.ValueSpan, out long s, out var used) && used == _reader.ValueSpan.Length)
        {
            return s;
        }

        return (long)ReadIntegralDouble(long.MinValue, long.MaxValue, "expected 64-bit integer");
    }

    private uint ReadUInt32()
    {
        var value = ReadInt64();
        return value is >= 0 and <= uint.MaxValue ? (uint)value : throw Error("expected unsigned 32-bit integer");
    }

    /// <summary>Integers written with a fraction or exponent (<c>1e3</c>, <c>5.0</c>) are accepted when exact.</summary>
    private double ReadIntegralDouble(double min, double max, string expected)
    {
        double d;
        if (_reader.TokenType == JsonTokenType.Number && _reader.TryGetDouble(out d))
        {
        }
        else if (_reader.TokenType == JsonTokenType.String
                 && double.TryParse(_reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d))
        {
        }
        else
        {
            throw Error(expected);
        }

        // max is exclusive: (double)long.MaxValue and (double)ulong.MaxValue round up past the type's range.
        if (d != Math.Floor(d) || d < min || d >= max)
        {
            throw Error(expected);
        }

        return d;
    }

    private double ReadDouble()
    {
        if (_reader.TokenType == JsonTokenType.Number && _reader.TryGetDouble(out var n))
        {
            return n;
        }

        if (_reader.TokenType == JsonTokenType.String)
        {
            var text = _reader.GetString();
            switch (text)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            {
                return s;
            }
        }

        throw Error("expected number");
    }

    /// <summary>Base64, standard or URL-safe alphabet, padding optional (proto3 JSON rules).</summary>
    private byte[] ReadBase64()
    {
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw Error("expected base64 string");
        }

        if (_reader.TryGetBytesFromBase64(out var bytes))
        {
            return bytes;
        }

        var text = _reader.GetString()!.Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Error("expected base64 string");
        }
    }

    /// <summary>
    /// A hex ID string (case-insensitive). Null when the text is not hex (the caller rejects the span); an
    /// even-length hex string of any length is returned as bytes, so the converter reports the length.
    /// </summary>
    private byte[]? ReadHexId(out string? error)
    {
        if (_reader.TokenType != JsonTokenType.String)
        {
            throw Error("expected hex string");
        }

        ReadOnlySpan<byte> text = _reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(_reader.GetString()!) : _reader.ValueSpan;
        error = null;
        if (text.Length % 2 != 0)
        {
            error = $"is not valid hex: odd number of digits ({text.Length})";
            return null;
        }

        var bytes = new byte[text.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var hi = HexValue(text[2 * i]);
            var lo = HexValue(text[(2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                error = "is not valid hex";
                return null;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        return bytes;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>An enum given as its number or as its proto name (e.g. <c>SPAN_KIND_SERVER</c>).</summary>
    private int ReadEnum(ReadOnlySpan<string> names)
    {
        if (_reader.TokenType == JsonTokenType.Number)
        {
            return _reader.TryGetInt32(out var n) ? n : throw Error("expected enum number or name");
        }

        if (_reader.TokenType == JsonTokenType.String)
        {
            var text = _reader.GetString()!;
            for (var i = 0; i < names.Length; i++)
            {
                if (text == names[i])
                {
                    return i;
                }
            }

            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            throw Error($"unknown enum value \"{text}\"");
        }

        throw Error("expected enum number or name");
    }
}
