namespace TraceBackend.Storage.Elasticsearch.Client;

public enum ElasticsearchDistribution
{
    Elasticsearch,
    OpenSearch,
}
