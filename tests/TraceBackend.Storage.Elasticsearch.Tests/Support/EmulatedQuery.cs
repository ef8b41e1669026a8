using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// Evaluates the query DSL subset the store sends (bool must/filter/should, term, terms, match, range, regexp, nested,
/// match_all) against documents, with keyword semantics: values compare as their exact text. Part of
/// <see cref="EmulatedCluster"/>; not a general Elasticsearch.
/// </summary>
internal static class EmulatedQuery
{
    public static bool Matches(JsonElement document, JsonElement query, string prefix = "")
    {
        foreach (var clause in query.EnumerateObject())
        {
            var ok = clause.Name switch
            {
                "match_all" => true,
                "bool" => Bool(document, clause.Value, prefix),
                "term" => Term(document, clause.Value, prefix),
                "terms" => TermsQuery(document, clause.Value, prefix),
                "match" => Term(document, clause.Value, prefix, "query"),
                "range" => Range(document, clause.Value, prefix),
                "regexp" => Regexp(document, clause.Value, prefix),
                "nested" => Nested(document, clause.Value, prefix),
                _ => throw new NotSupportedException($"emulated cluster: query '{clause.Name}'"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The values at a dotted field path (arrays flattened), relative to a nested path prefix.</summary>
    public static IEnumerable<JsonElement> Values(JsonElement document, string field, string prefix = "")
    {
        if (prefix.Length > 0 && field.StartsWith(prefix + ".", StringComparison.Ordinal))
        {
            field = field[(prefix.Length + 1)..];
        }

        IEnumerable<JsonElement> current = [document];
        foreach (var part in field.Split('.'))
        {
            current = Flatten(current.SelectMany(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(part, out var child) ? new[] { child } : []));
        }

        return current;
    }

    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static IEnumerable<JsonElement> Flatten(IEnumerable<JsonElement> elements) =>
        elements.SelectMany(e => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToArray() : [e]).Where(e => e.ValueKind != JsonValueKind.Null);

    private static IEnumerable<JsonElement> Clauses(JsonElement owner, string name) =>
        !owner.TryGetProperty(name, out var value) ? [] : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];

    private static bool Bool(JsonElement document, JsonElement query, string prefix)
    {
        var required = Clauses(query, "must").Concat(Clauses(query, "filter")).ToList();
        var optional = Clauses(query, "should").ToList();
        return required.All(q => Matches(document, q, prefix))
            && (optional.Count == 0 || required.Count > 0 || optional.Any(q => Matches(document, q, prefix)));
    }

    private static (string Field, JsonElement Spec) Single(JsonElement query)
    {
        var property = query.EnumerateObject().Single();
        return (property.Name, property.Value);
    }

    private static bool Term(JsonElement document, JsonElement query, string prefix, string valueName = "value")
    {
        var (field, spec) = Single(query);
        var expected = Text(spec.ValueKind == JsonValueKind.Object ? spec.GetProperty(valueName) : spec);
        return Values(document, field, prefix).Any(v => Text(v) == expected);
    }

    private static bool TermsQuery(JsonElement document, JsonElement query, string prefix)
    {
        var (field, spec) = Single(query);
        var expected = spec.EnumerateArray().Select(Text).ToHashSet();
        return Values(document, field, prefix).Any(v => expected.Contains(Text(v)));
    }

    private static bool Range(JsonElement document, JsonElement query, string prefix)
    {
        var (field, spec) = Single(query);
        return Values(document, field, prefix).Any(v => spec.EnumerateObject().All(bound =>
        {
            var c = Compare(v, bound.Value);
            return bound.Name switch
            {
                "gte" => c >= 0,
                "gt" => c > 0,
                "lte" => c <= 0,
                "lt" => c < 0,
                _ => throw new NotSupportedException($"emulated cluster: range '{bound.Name}'"),
            };
        }));
    }

    /// <summary>Numbers numerically, dates (RFC 3339 strings) by instant, anything else ordinally.</summary>
    internal static int Compare(JsonElement a, JsonElement b)
    {
        if (decimal.TryParse(Text(a), NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(Text(b), NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
        {
            return x.CompareTo(y);
        }

        if (DateTimeOffset.TryParse(Text(a), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d1)
            && DateTimeOffset.TryParse(Text(b), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d2))
        {
            return d1.CompareTo(d2);
        }

        return string.CompareOrdinal(Text(a), Text(b));
    }

    private static bool Regexp(JsonElement document, JsonElement query, string prefix)
    {
        var (field, spec) = Single(query);
        var pattern = new Regex("^(?:" + spec.GetProperty("value").GetString() + ")$", RegexOptions.CultureInvariant);
        return Values(document, field, prefix).Any(v => v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) && pattern.IsMatch(Text(v)));
    }

    private static bool Nested(JsonElement document, JsonElement query, string prefix)
    {
        var path = query.GetProperty("path").GetString()!;
        var inner = query.GetProperty("query");
        return Values(document, path, prefix).Any(element => Matches(element, inner, path));
    }
}
