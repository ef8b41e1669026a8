namespace TraceBackend.Storage.Elasticsearch.Client;

/// <summary>
/// Sends one REST request to the cluster: picks a node, authenticates, applies the request timeout, and retries
/// connection failures, 429 and 502/503/504 with backoff (other statuses are returned to the caller). Safe to
/// call concurrently.
/// </summary>
public interface IElasticsearchTransport
{
    /// <param name="method">HTTP method.</param>
    /// <param name="pathAndQuery">Path relative to the node URL, e.g. <c>/jaeger-span-2024-01-01/_search?ignore_unavailable=true</c>.</param>
    /// <param name="body">Request body, or null for none.</param>
    /// <param name="contentType"><c>application/json</c>, or <c>application/x-ndjson</c> for <c>_bulk</c> / <c>_msearch</c>.</param>
    /// <exception cref="ElasticsearchUnavailableException">No node answered (after retries) or the cluster kept answering 429/5xx.</exception>
    ValueTask<ElasticsearchResponse> SendAsync(HttpMethod method, string pathAndQuery, ReadOnlyMemory<byte>? body = null,
        string contentType = "application/json", CancellationToken cancellationToken = default);
}
