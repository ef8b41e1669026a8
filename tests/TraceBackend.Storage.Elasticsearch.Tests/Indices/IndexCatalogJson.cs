using System.Globalization;
using System.Text.Json.Nodes;
using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Tests.Indices;

/// <summary>
/// Builds the answer of <c>GET /&lt;prefix&gt;jaeger-*?flat_settings=true&amp;filter_path=*.aliases,*.settings</c>
/// as a cluster sends it (flat settings as strings, aliases with optional <c>is_write_index</c>).
/// </summary>
internal sealed class IndexCatalogJson
{
    private readonly JsonObject _root = [];

    /// <param name="aliases">Alias names; a trailing <c>!</c> marks <c>is_write_index: true</c>, a trailing <c>~</c> <c>is_write_index: false</c>.</param>
    public IndexCatalogJson Add(string index, DateTimeOffset created, params string[] aliases)
    {
        var aliasObject = new JsonObject();
        foreach (var alias in aliases)
        {
            aliasObject[alias.TrimEnd('!', '~')] = alias[^1] switch
            {
                '!' => new JsonObject { ["is_write_index"] = true },
                '~' => new JsonObject { ["is_write_index"] = false },
                _ => new JsonObject(),
            };
        }

        _root[index] = new JsonObject
        {
            ["aliases"] = aliasObject,
            ["settings"] = new JsonObject
            {
                ["index.creation_date"] = created.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                ["index.number_of_replicas"] = "1",
                ["index.number_of_shards"] = "5",
                ["index.provided_name"] = index,
                ["index.uuid"] = "Jm4tq0V1QYy2c1zX0b5mXw",
                ["index.version.created"] = "8130099",
            },
        };
        return this;
    }

    public ElasticsearchResponse Response() => ScriptedTransport.Json(200, _root.ToJsonString());
}
