using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The typed table operations <see cref="CassandraTraceStore"/> needs, with Cassandra's semantics: an INSERT of an
/// existing primary key overwrites the row; reads return clustering order. Each write call covers rows of ONE
/// partition (the store groups them) and is one request: implementations may send it as a single-partition batch.
/// Time bounds named <c>startAfter</c>/<c>startBefore</c> are exclusive, in µs. All members are safe to call
/// concurrently; failures surface as the session's exceptions (the store decides about retries).
/// </summary>
internal interface ITraceTables
{
    /// <summary><c>traces</c> rows, all of one trace.</summary>
    ValueTask WriteSpansAsync(IReadOnlyList<SpanRow> rows, CancellationToken cancellationToken);

    ValueTask WriteServiceNameAsync(string serviceName, CancellationToken cancellationToken);

    ValueTask WriteOperationNameAsync(OperationNameRow row, CancellationToken cancellationToken);

    /// <summary>Rows of one (service, bucket) partition.</summary>
    ValueTask WriteServiceNameIndexAsync(IReadOnlyList<ServiceNameIndexRow> rows, CancellationToken cancellationToken);

    /// <summary>Rows of one (service, operation) partition.</summary>
    ValueTask WriteServiceOperationIndexAsync(IReadOnlyList<ServiceOperationIndexRow> rows, CancellationToken cancellationToken);

    /// <summary>Rows of one (service, key, value) partition.</summary>
    ValueTask WriteTagIndexAsync(IReadOnlyList<TagIndexRow> rows, CancellationToken cancellationToken);

    /// <summary>Rows of one (service, operation, bucket) partition.</summary>
    ValueTask WriteDurationIndexAsync(IReadOnlyList<DurationIndexRow> rows, CancellationToken cancellationToken);

    /// <summary>A <c>dependencies_v2</c> row: <c>ts_bucket</c> = <paramref name="timestamp"/> truncated to its UTC day.</summary>
    ValueTask WriteDependenciesAsync(DateTimeOffset timestamp, IReadOnlyList<DependencyLink> links, CancellationToken cancellationToken);

    /// <summary>Every row of the trace's partition (rows whose trace ID blob is malformed are skipped).</summary>
    ValueTask<IReadOnlyList<SpanRow>> ReadTraceAsync(TraceId traceId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<string>> ReadServiceNamesAsync(CancellationToken cancellationToken);

    /// <summary>The service's operations; only those of <paramref name="spanKind"/> when it is not null ("" = no kind).</summary>
    ValueTask<IReadOnlyList<OperationNameRow>> ReadOperationNamesAsync(string serviceName, string? spanKind, CancellationToken cancellationToken);

    /// <summary>Buckets 0…9 of the service in one query, newest first, at most <paramref name="limit"/> entries.</summary>
    ValueTask<IReadOnlyList<IndexEntry>> ReadServiceNameIndexAsync(string serviceName, long startAfter, long startBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Newest first, at most <paramref name="limit"/> entries.</summary>
    ValueTask<IReadOnlyList<IndexEntry>> ReadServiceOperationIndexAsync(string serviceName, string operationName, long startAfter, long startBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Newest first, at most <paramref name="limit"/> entries (several per trace when several spans carry the tag).</summary>
    ValueTask<IReadOnlyList<IndexEntry>> ReadTagIndexAsync(string serviceName, string tagKey, string tagValue, long startAfter, long startBefore, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// One hour bucket's entries with duration in [<paramref name="minDuration"/>, <paramref name="maxDuration"/>] µs
    /// (inclusive), longest first, at most <paramref name="limit"/>.
    /// </summary>
    ValueTask<IReadOnlyList<IndexEntry>> ReadDurationIndexAsync(string serviceName, string operationName, DateTimeOffset bucket, long minDuration, long maxDuration, int limit, CancellationToken cancellationToken);

    /// <summary>Streams every entry of the (service, "", bucket) <c>duration_index</c> partition (paged).</summary>
    IAsyncEnumerable<IndexEntry> ScanDurationIndexAsync(string serviceName, DateTimeOffset bucket, CancellationToken cancellationToken);

    /// <summary>Snapshots in the day buckets with <paramref name="from"/> ≤ ts ≤ <paramref name="to"/>.</summary>
    ValueTask<IReadOnlyList<DependencySnapshot>> ReadDependenciesAsync(IReadOnlyList<DateTimeOffset> dayBuckets, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
