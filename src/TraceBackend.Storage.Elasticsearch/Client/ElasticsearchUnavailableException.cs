namespace TraceBackend.Storage.Elasticsearch.Client;

/// <summary>The cluster could not be reached or kept rejecting requests; the operation may be retried later.</summary>
public sealed class ElasticsearchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
