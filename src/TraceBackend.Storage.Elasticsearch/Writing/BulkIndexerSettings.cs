using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Writing;

/// <summary>Flush triggers, concurrency and item retry bounds of the <see cref="BulkIndexer"/>.</summary>
internal sealed record BulkIndexerSettings(int Actions, int Bytes, TimeSpan FlushInterval, int Workers, RetryPolicy Retry)
{
    public static BulkIndexerSettings From(ElasticsearchOptions options, RetryPolicy retry) => new(
        options.BulkActions > 0 ? options.BulkActions : throw new ArgumentOutOfRangeException(nameof(options), options.BulkActions, "BulkActions must be positive"),
        options.BulkSizeBytes > 0 ? options.BulkSizeBytes : throw new ArgumentOutOfRangeException(nameof(options), options.BulkSizeBytes, "BulkSizeBytes must be positive"),
        options.BulkFlushInterval > TimeSpan.Zero ? options.BulkFlushInterval : throw new ArgumentOutOfRangeException(nameof(options), options.BulkFlushInterval, "BulkFlushInterval must be positive"),
        options.BulkWorkers > 0 ? options.BulkWorkers : throw new ArgumentOutOfRangeException(nameof(options), options.BulkWorkers, "BulkWorkers must be positive"),
        retry);
}
