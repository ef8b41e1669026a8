using TraceBackend.Model;

namespace TraceBackend.Query.Parsing;

/// <summary>Parses trace IDs from URLs (§1.5 rules via <see cref="TraceId.TryParse"/>) with Jaeger-like error texts.</summary>
public static class TraceIdText
{
    /// <summary>
    /// Parses or throws <see cref="QueryParameterException"/>; <paramref name="prefix"/> is prepended to the message.
    /// A well-formed all-zero ID returns <see cref="TraceId.IsEmpty"/> (no trace can have it: callers answer
    /// "not found", as Jaeger does, rather than 400).
    /// </summary>
    public static TraceId Parse(string? text, string prefix = "")
    {
        if (TraceId.TryParse(text, out var id))
        {
            return id;
        }

        if (text is { Length: > 0 and <= 32 } && HexFormat.TryParseHex128(text, out _, out _))
        {
            return default;
        }

        var value = text ?? "";
        var reason = value.Length > 32
            ? "TraceID cannot be longer than 32 hex characters: " + value
            : "strconv.ParseUint: parsing " + GoQuote.Strconv(value) + ": invalid syntax";
        throw new QueryParameterException(prefix + reason);
    }
}
