namespace TraceBackend.Storage.Elasticsearch.Client;

/// <summary>The cluster answered a request with an error that retrying will not fix (carries the server's reason).</summary>
public sealed class ElasticsearchException(string message, int statusCode) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
