using System.Text.Json.Nodes;

namespace TraceBackend.Storage.Elasticsearch.Templates;

/// <summary>
/// Building blocks of Jaeger's field mappings (<c>internal/storage/v1/elasticsearch/mappings/jaeger-*.json</c>).
/// Every call returns a fresh node: a <see cref="JsonNode"/> can have only one parent.
/// </summary>
internal static class MappingFields
{
    /// <summary>Jaeger maps every string field as <c>keyword</c> with <c>ignore_above: 256</c>.</summary>
    public static JsonObject Keyword() => new() { ["type"] = "keyword", ["ignore_above"] = 256 };

    public static JsonObject OfType(string type) => new() { ["type"] = type };

    /// <summary><c>startTimeMillis</c>: lets range filters skip shards.</summary>
    public static JsonObject EpochMillisDate() => new() { ["type"] = "date", ["format"] = "epoch_millis" };

    /// <summary>A nested list of <c>{key, value, type}</c> (span tags, process tags, log fields, link tags).</summary>
    public static JsonObject NestedKeyValues() => Nested(new JsonObject
    {
        ["key"] = Keyword(),
        ["value"] = Keyword(),
        ["type"] = Keyword(),
    });

    /// <summary><c>nested</c> with <c>dynamic: false</c>: only the listed sub-fields are indexed.</summary>
    public static JsonObject Nested(JsonObject properties) => new()
    {
        ["type"] = "nested",
        ["dynamic"] = false,
        ["properties"] = properties,
    };

    /// <summary>
    /// Dynamic templates mapping the "tags as fields" objects: <c>tag.*</c> (span_tags_map) and
    /// <c>process.tag.*</c> (process_tags_map) as keywords, plus <c>scopeTag.*</c> (scope_tags_map) when
    /// <paramref name="withScope"/> (span mappings of ES ≥ 7; Jaeger's ES 6 and service mappings lack it).
    /// </summary>
    public static JsonArray TagDynamicTemplates(bool withScope)
    {
        var templates = new JsonArray
        {
            KeywordDynamicTemplate("span_tags_map", "tag.*"),
            KeywordDynamicTemplate("process_tags_map", "process.tag.*"),
        };
        if (withScope)
        {
            templates.Add(KeywordDynamicTemplate("scope_tags_map", "scopeTag.*"));
        }

        return templates;
    }

    private static JsonObject KeywordDynamicTemplate(string name, string pathMatch) => new()
    {
        [name] = new JsonObject
        {
            ["mapping"] = Keyword(),
            ["path_match"] = pathMatch,
        },
    };
}
