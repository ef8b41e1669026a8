using System.Text.Json;
using System.Text.Json.Nodes;

namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>The aggregations the store asks for: <c>terms</c> (ordered by doc count, or by a <c>max</c> sub-aggregation), <c>max</c>, <c>composite</c>.</summary>
internal static class EmulatedAggregations
{
    public static JsonObject Evaluate(JsonElement aggregations, IReadOnlyList<JsonElement> documents)
    {
        var result = new JsonObject();
        foreach (var aggregation in aggregations.EnumerateObject())
        {
            var definition = aggregation.Value;
            var subAggregations = definition.TryGetProperty("aggregations", out var sub) ? sub : (JsonElement?)null;
            if (definition.TryGetProperty("terms", out var terms))
            {
                result[aggregation.Name] = Terms(terms, subAggregations, documents);
            }
            else if (definition.TryGetProperty("max", out var max))
            {
                var field = max.GetProperty("field").GetString()!;
                var values = documents.SelectMany(d => EmulatedQuery.Values(d, field)).Select(v => v.GetDouble()).ToList();
                result[aggregation.Name] = new JsonObject { ["value"] = values.Count == 0 ? null : values.Max() };
            }
            else if (definition.TryGetProperty("composite", out var composite))
            {
                result[aggregation.Name] = Composite(composite, documents);
            }
            else
            {
                throw new NotSupportedException($"emulated cluster: aggregation {definition.GetRawText()}");
            }
        }

        return result;
    }

    private static JsonObject Terms(JsonElement terms, JsonElement? subAggregations, IReadOnlyList<JsonElement> documents)
    {
        var field = terms.GetProperty("field").GetString()!;
        var size = terms.TryGetProperty("size", out var s) ? s.GetInt32() : 10;
        var groups = documents
            .SelectMany(d => EmulatedQuery.Values(d, field).Select(v => (Key: EmulatedQuery.Text(v), Document: d)))
            .GroupBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Documents: g.Select(x => x.Document).ToList(),
                Sub: subAggregations is { } sub ? Evaluate(sub, [.. g.Select(x => x.Document)]) : null))
            .ToList();
        if (terms.TryGetProperty("order", out var order))
        {
            var (name, direction) = order.EnumerateArray().Select(o => o.EnumerateObject().Single()).Select(p => (p.Name, p.Value.GetString())).Single();
            double Value((string, List<JsonElement>, JsonObject? Sub) g) => g.Sub![name]!["value"]!.GetValue<double>();
            groups = direction == "desc" ? [.. groups.OrderByDescending(Value)] : [.. groups.OrderBy(Value)];
        }
        else
        {
            groups = [.. groups.OrderByDescending(g => g.Documents.Count).ThenBy(g => g.Key, StringComparer.Ordinal)];
        }

        var buckets = new JsonArray();
        foreach (var (key, members, sub) in groups.Take(size))
        {
            var bucket = new JsonObject { ["key"] = key, ["doc_count"] = members.Count };
            if (sub is not null)
            {
                foreach (var (name, value) in sub.ToList())
                {
                    sub.Remove(name);
                    bucket[name] = value;
                }
            }

            buckets.Add(bucket);
        }

        return new JsonObject { ["doc_count_error_upper_bound"] = 0, ["sum_other_doc_count"] = Math.Max(0, groups.Count - size), ["buckets"] = buckets };
    }

    private static JsonObject Composite(JsonElement composite, IReadOnlyList<JsonElement> documents)
    {
        var source = composite.GetProperty("sources")[0].EnumerateObject().Single();
        var field = source.Value.GetProperty("terms").GetProperty("field").GetString()!;
        var size = composite.GetProperty("size").GetInt32();
        var after = composite.TryGetProperty("after", out var a) ? a.GetProperty(source.Name).GetString() : null;
        var keys = documents.SelectMany(d => EmulatedQuery.Values(d, field)).Select(EmulatedQuery.Text)
            .GroupBy(k => k, StringComparer.Ordinal).Select(g => (g.Key, Count: g.Count()))
            .Where(k => after is null || string.CompareOrdinal(k.Key, after) > 0)
            .OrderBy(k => k.Key, StringComparer.Ordinal).Take(size).ToList();
        var result = new JsonObject
        {
            ["buckets"] = new JsonArray([.. keys.Select(k => new JsonObject { ["key"] = new JsonObject { [source.Name] = k.Key }, ["doc_count"] = k.Count })]),
        };
        if (keys.Count > 0)
        {
            result["after_key"] = new JsonObject { [source.Name] = keys[^1].Key };
        }

        return result;
    }
}
