namespace TraceBackend.Storage.Elasticsearch.Writing;

/// <summary>
/// Counters of the bulk writer since start. Every item ends in exactly one of <see cref="ItemsStored"/>,
/// <see cref="ItemsRejected"/> (refused for good, e.g. <c>mapper_parsing_exception</c>) or
/// <see cref="ItemsUnavailable"/> (still refused or unsent when the retries ran out); none is dropped silently.
/// Thread-safe.
/// </summary>
public sealed class ElasticsearchWriteStatistics
{
    private long _bulkRequests;
    private long _itemsStored;
    private long _itemsRetried;
    private long _itemsRejected;
    private long _itemsUnavailable;

    /// <summary><c>_bulk</c> requests sent, retries included.</summary>
    public long BulkRequests => Interlocked.Read(ref _bulkRequests);

    public long ItemsStored => Interlocked.Read(ref _itemsStored);

    /// <summary>Item sends repeated after a per-item 429/5xx.</summary>
    public long ItemsRetried => Interlocked.Read(ref _itemsRetried);

    public long ItemsRejected => Interlocked.Read(ref _itemsRejected);

    public long ItemsUnavailable => Interlocked.Read(ref _itemsUnavailable);

    internal void AddBulkRequest() => Interlocked.Increment(ref _bulkRequests);

    internal void AddStored(int count) => Interlocked.Add(ref _itemsStored, count);

    internal void AddRetried(int count) => Interlocked.Add(ref _itemsRetried, count);

    internal void AddRejected(int count) => Interlocked.Add(ref _itemsRejected, count);

    internal void AddUnavailable(int count) => Interlocked.Add(ref _itemsUnavailable, count);
}
