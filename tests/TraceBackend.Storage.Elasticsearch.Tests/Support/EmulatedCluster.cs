using System.Text.Json;
using System.Text.Json.Nodes;

namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// An in-memory stand-in for an Elasticsearch 8 cluster that understands exactly the requests the store sends
/// (template PUTs, <c>_bulk</c> index actions, document PUTs, <c>_search</c> with terms/max/composite aggregations,
/// <c>_msearch</c> with sort and <c>search_after</c>), so the conformance suite can run end to end over HTTP without
/// a real cluster. Documents are visible at once (as after a refresh). Use as a <see cref="FakeElasticsearch"/> handler.
/// </summary>
public sealed class EmulatedCluster
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, JsonElement>> _indices = new(StringComparer.Ordinal);

    public FakeResponse Handle(RecordedRequest request)
    {
        lock (_lock)
        {
            return (request.Method, request.Path) switch
            {
                ("GET", "/") => FakeResponse.Json(Answers.Es8Root),
                ("PUT", var p) when p.StartsWith("/_index_template/", StringComparison.Ordinal) || p.StartsWith("/_template/", StringComparison.Ordinal)
                    => FakeResponse.Json("""{"acknowledged":true}"""),
                ("POST", "/_bulk") => Bulk(request),
                ("POST", "/_msearch") => MultiSearch(request),
                ("POST", var p) when p.EndsWith("/_refresh", StringComparison.Ordinal) => FakeResponse.Json("""{"_shards":{"total":1,"successful":1,"failed":0}}"""),
                ("POST", var p) when p.EndsWith("/_search", StringComparison.Ordinal) => Search(Targets(p), request.Json),
                ("PUT", var p) when p.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var index, _, var id] => Put(index, id, request.Json),
                _ => FakeResponse.Error(404, "emulator_unsupported", $"{request.Method} {request.Path}"),
            };
        }
    }

    private static IReadOnlyList<string> Targets(string path) =>
        [.. Uri.UnescapeDataString(path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0]).Split(',')];

    private FakeResponse Put(string index, string id, JsonElement source)
    {
        Store(index, id, source);
        return FakeResponse.Json("""{"result":"created"}""");
    }

    private void Store(string index, string id, JsonElement source)
    {
        if (!_indices.TryGetValue(index, out var documents))
        {
            _indices[index] = documents = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        }

        documents[id] = source.Clone();
    }

    private FakeResponse Bulk(RecordedRequest request)
    {
        var lines = request.Lines;
        var items = new JsonArray();
        for (var i = 0; i + 1 < lines.Count; i += 2)
        {
            var action = lines[i].GetProperty("index");
            var index = action.GetProperty("_index").GetString()!;
            var id = action.GetProperty("_id").GetString()!;
            Store(index, id, lines[i + 1]);
            items.Add(new JsonObject { ["index"] = new JsonObject { ["_index"] = index, ["_id"] = id, ["status"] = 201 } });
        }

        return FakeResponse.Json(new JsonObject { ["took"] = 1, ["errors"] = false, ["items"] = items }.ToJsonString());
    }

    private FakeResponse MultiSearch(RecordedRequest request)
    {
        var lines = request.Lines;
        var responses = new JsonArray();
        for (var i = 0; i + 1 < lines.Count; i += 2)
        {
            var index = lines[i].GetProperty("index");
            IReadOnlyList<string> targets = index.ValueKind == JsonValueKind.Array ? [.. index.EnumerateArray().Select(e => e.GetString()!)] : [.. index.GetString()!.Split(',')];
            var response = SearchNode(targets, lines[i + 1]);
            response["status"] = 200;
            responses.Add(response);
        }

        return FakeResponse.Json(new JsonObject { ["took"] = 1, ["responses"] = responses }.ToJsonString());
    }

    private FakeResponse Search(IReadOnlyList<string> targets, JsonElement body) => FakeResponse.Json(SearchNode(targets, body).ToJsonString());

    private JsonObject SearchNode(IReadOnlyList<string> targets, JsonElement body)
    {
        // Trace loads ask for trace IDs by term: a document whose traceID does not occur in the query text cannot match.
        var queryText = body.TryGetProperty("query", out var q) ? q.GetRawText() : "";
        var byTraceId = queryText.Contains("\"traceID\"", StringComparison.Ordinal);
        var matches = _indices
            .Where(index => targets.Any(t => !t.StartsWith('-') && Matches(t, index.Key)) && !targets.Any(t => t.StartsWith('-') && Matches(t[1..], index.Key)))
            .SelectMany(index => index.Value.Select(d => (Index: index.Key, Id: d.Key, Source: d.Value)))
            .Where(d => !byTraceId || (d.Source.TryGetProperty("traceID", out var id) && queryText.Contains(id.GetString()!, StringComparison.Ordinal)))
            .Where(d => queryText.Length == 0 || EmulatedQuery.Matches(d.Source, q))
            .ToList();
        var size = body.TryGetProperty("size", out var s) ? s.GetInt32() : 10;
        var hits = matches.AsEnumerable();
        if (body.TryGetProperty("sort", out var sort))
        {
            var fields = sort.EnumerateArray().Select(f => f.EnumerateObject().Single().Name).ToList();
            var ordered = matches.Order(Comparer<(string, string, JsonElement)>.Create((a, b) => CompareBy(fields, a.Item3, b.Item3))).ToList();
            if (body.TryGetProperty("search_after", out var after))
            {
                var afterValues = after.EnumerateArray().ToList();
                ordered = [.. ordered.Where(d => CompareTo(fields, d.Item3, afterValues) > 0)];
            }

            hits = ordered.Select(d => (d.Item1, d.Item2, d.Item3));
        }

        var hitArray = new JsonArray();
        foreach (var (index, id, source) in hits.Take(size))
        {
            var hit = new JsonObject { ["_index"] = index, ["_id"] = id, ["_score"] = null, ["_source"] = JsonNode.Parse(source.GetRawText()) };
            if (body.TryGetProperty("sort", out var sortFields))
            {
                hit["sort"] = new JsonArray([.. sortFields.EnumerateArray().Select(f => JsonNode.Parse(
                    EmulatedQuery.Values(source, f.EnumerateObject().Single().Name).First().GetRawText()))]);
            }

            hitArray.Add(hit);
        }

        var result = new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject { ["total"] = new JsonObject { ["value"] = matches.Count, ["relation"] = "eq" }, ["max_score"] = null, ["hits"] = hitArray },
        };
        if (body.TryGetProperty("aggregations", out var aggregations))
        {
            result["aggregations"] = EmulatedAggregations.Evaluate(aggregations, [.. matches.Select(m => m.Source)]);
        }

        return result;
    }

    private static int CompareBy(List<string> fields, JsonElement a, JsonElement b)
    {
        foreach (var field in fields)
        {
            var c = EmulatedQuery.Compare(EmulatedQuery.Values(a, field).First(), EmulatedQuery.Values(b, field).First());
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static int CompareTo(List<string> fields, JsonElement document, List<JsonElement> after)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var c = EmulatedQuery.Compare(EmulatedQuery.Values(document, fields[i]).First(), after[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    /// <summary>One index expression of the multi-target syntax (a name or a trailing-* pattern; '-' exclusions handled by the caller).</summary>
    private static bool Matches(string expression, string index) =>
        expression.EndsWith('*') ? index.StartsWith(expression[..^1], StringComparison.Ordinal) : index == expression;
}
