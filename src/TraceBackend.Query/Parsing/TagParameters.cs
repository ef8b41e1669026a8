using System.Text;
using System.Text.Json;

namespace TraceBackend.Query.Parsing;

/// <summary>
/// The tag filters of a trace search: <c>tag=key:value</c> (split at the first <c>:</c>) and <c>tags</c> JSON
/// objects of string values, merged in that order (later keys win), as Jaeger's query parser does.
/// </summary>
public static class TagParameters
{
    /// <summary>Merges all parameters into one map; throws <see cref="QueryParameterException"/> with Jaeger's messages.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string?> simpleTags, IEnumerable<string?> jsonTags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in simpleTags)
        {
            var text = tag ?? "";
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new QueryParameterException("malformed 'tag' parameter, expecting key:value, received: " + text);
            }

            result[text[..colon]] = text[(colon + 1)..];
        }

        foreach (var json in jsonTags)
        {
            if (!TryParseJsonObject(json ?? "", result, out var error))
            {
                throw new QueryParameterException("malformed 'tags' parameter, cannot unmarshal JSON: " + error);
            }
        }

        return result;
    }

    /// <summary>
    /// Decodes a JSON object whose values are strings (or null, read as empty) into <paramref name="into"/>.
    /// Other value types fail with Go's <c>encoding/json</c> wording.
    /// </summary>
    public static bool TryParseJsonObject(string json, Dictionary<string, string> into, out string error)
    {
        error = "";
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                error = "unexpected end of JSON input";
                return false;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return EnsureEnd(ref reader, out error);
                case JsonTokenType.StartObject:
                    break;
                default:
                    error = $"json: cannot unmarshal {GoKind(reader.TokenType)} into Go value of type map[string]string";
                    return false;
            }

            var typeError = "";
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        into[key] = reader.GetString()!;
                        break;
                    case JsonTokenType.Null:
                        into.TryAdd(key, "");
                        break;
                    default:
                        // Go reports the first type mismatch after decoding the whole document.
                        if (typeError.Length == 0)
                        {
                            typeError = $"json: cannot unmarshal {GoKind(reader.TokenType)} into Go value of type string";
                        }

                        reader.Skip();
                        break;
                }
            }

            if (!EnsureEnd(ref reader, out error))
            {
                return false;
            }

            error = typeError;
            return typeError.Length == 0;
        }
        catch (JsonException ex)
        {
            error = reader.BytesConsumed >= bytes.Length || ex.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase)
                ? "unexpected end of JSON input"
                : "invalid JSON: " + ex.Message.Split('\n')[0];
            return false;
        }
    }

    private static bool EnsureEnd(ref Utf8JsonReader reader, out string error)
    {
        error = "";
        if (reader.Read())
        {
            error = "invalid character after top-level value";
            return false;
        }

        return true;
    }

    private static string GoKind(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "bool",
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        _ => "value",
    };
}
