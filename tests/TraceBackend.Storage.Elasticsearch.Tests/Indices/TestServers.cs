using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Tests.Indices;

internal static class TestServers
{
    public static readonly ElasticsearchServerInfo Es6 = new(ElasticsearchDistribution.Elasticsearch, 6, 8);
    public static readonly ElasticsearchServerInfo Es70 = new(ElasticsearchDistribution.Elasticsearch, 7, 0);
    public static readonly ElasticsearchServerInfo Es77 = new(ElasticsearchDistribution.Elasticsearch, 7, 7);
    public static readonly ElasticsearchServerInfo Es78 = new(ElasticsearchDistribution.Elasticsearch, 7, 8);
    public static readonly ElasticsearchServerInfo Es8 = new(ElasticsearchDistribution.Elasticsearch, 8, 13);
    public static readonly ElasticsearchServerInfo Es9 = new(ElasticsearchDistribution.Elasticsearch, 9, 0);
    public static readonly ElasticsearchServerInfo Os1 = new(ElasticsearchDistribution.OpenSearch, 1, 3);
    public static readonly ElasticsearchServerInfo Os2 = new(ElasticsearchDistribution.OpenSearch, 2, 11);
    public static readonly ElasticsearchServerInfo Os3 = new(ElasticsearchDistribution.OpenSearch, 3, 0);

    public static ElasticsearchServerInfo ByName(string name) => name switch
    {
        "es6" => Es6,
        "es7.0" => Es70,
        "es7.7" => Es77,
        "es7.8" => Es78,
        "es8" => Es8,
        "es9" => Es9,
        "os1" => Os1,
        "os2" => Os2,
        "os3" => Os3,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
