namespace TraceBackend.Storage.Elasticsearch.Client;

/// <summary>Which server and version the cluster runs, from <c>GET /</c> (or <c>--es-version</c>).</summary>
public sealed record ElasticsearchServerInfo(ElasticsearchDistribution Distribution, int Major, int Minor)
{
    /// <summary>Composable index templates (<c>PUT _index_template/…</c>) exist: Elasticsearch ≥ 7.8, every OpenSearch.</summary>
    public bool HasComposableTemplates => Distribution == ElasticsearchDistribution.OpenSearch || Major > 7 || (Major == 7 && Minor >= 8);

    /// <summary>Elasticsearch 6.x: mapping types (<c>span</c>, <c>service</c>, <c>dependencies</c>) in templates, URLs and bulk actions.</summary>
    public bool UsesMappingTypes => Distribution == ElasticsearchDistribution.Elasticsearch && Major < 7;

    /// <summary><c>hits.total</c> is an object <c>{value, relation}</c> (ES ≥ 7, OpenSearch) rather than a number (ES 6).</summary>
    public bool HitsTotalIsObject => !UsesMappingTypes;

    public override string ToString() => $"{Distribution} {Major}.{Minor}";
}
