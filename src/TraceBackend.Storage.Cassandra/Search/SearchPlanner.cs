using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>
/// Picks the index a search of one service takes its candidates from; the query's other conditions are checked in
/// memory on the loaded traces, so any combination works (Jaeger rejects tags with durations and ignores tags in
/// duration queries). In order of preference, the most selective index that is certain to hold every matching span:
/// <list type="number">
/// <item>Tags the tag index can find (<see cref="TagIndexPolicy.CanFind"/>): their <c>tag_index</c> partitions,
/// intersected. Tags it cannot find (filtered keys, JSON objects, long values) are checked in memory only.</item>
/// <item>A duration range: <c>duration_index</c> (the operation's partition, or <c>""</c>), bucket by bucket.</item>
/// <item>An operation: <c>service_operation_index</c>.</item>
/// <item>Otherwise the ten <c>service_name_index</c> buckets in one query.</item>
/// </list>
/// Time-ordered indexes are first read with limit × 3 rows, as Jaeger.
/// </summary>
internal static class SearchPlanner
{
    public const int LimitMultiple = 3;

    /// <summary>Duration searches skip buckets later than now plus this (tolerates client clocks a day ahead).</summary>
    public const long FutureMargin = 24 * DurationBuckets.HourMicros;

    /// <summary>At most about a month of hour buckets is read for a duration search.</summary>
    public const int MaxDurationBuckets = 24 * 31;

    public static ICandidateSource Plan(
        ITraceTables tables,
        RequestRunner runner,
        TagIndexPolicy policy,
        string service,
        TraceQuery query,
        SearchWindow window,
        int depth,
        int rowBudget,
        DateTimeOffset now)
    {
        var firstLimit = (int)Math.Min((long)depth * LimitMultiple, int.MaxValue);
        var operation = query.OperationName is { Length: > 0 } op ? op : null;
        var tagReaders = new List<IndexRangeReader>();
        foreach (var (key, value) in query.Attributes)
        {
            // service.name is the partition's own service (process.service_name), never a tag_index row: it is
            // checked in memory with the other conditions.
            if (key != Resource.ServiceNameKey && policy.CanFind(key, value))
            {
                tagReaders.Add((after, before, limit, ct) => runner.ReadAsync(
                    static (s, c) => s.tables.ReadTagIndexAsync(s.service, s.key, s.value, s.after, s.before, s.limit, c),
                    (tables, service, key, value, after, before, limit),
                    "tag_index",
                    ct));
            }
        }

        if (tagReaders.Count > 0)
        {
            return new TimeOrderedCandidateSource(tagReaders, window, firstLimit, rowBudget);
        }

        if (query.DurationMin is not null || query.DurationMax is not null)
        {
            var operationKey = operation ?? "";
            return new DurationCandidateSource(
                (bucket, limit, ct) => runner.ReadAsync(
                    static (s, c) => s.tables.ReadDurationIndexAsync(s.service, s.operationKey, s.bucket, s.window.MinDuration, s.window.MaxDuration, s.limit, c),
                    (tables, service, operationKey, bucket, window, limit),
                    "duration_index",
                    ct),
                window,
                rowBudget,
                DurationBuckets.ToMicros(now) + FutureMargin,
                MaxDurationBuckets);
        }

        IndexRangeReader reader = operation is not null
            ? (after, before, limit, ct) => runner.ReadAsync(
                static (s, c) => s.tables.ReadServiceOperationIndexAsync(s.service, s.operation, s.after, s.before, s.limit, c),
                (tables, service, operation, after, before, limit),
                "service_operation_index",
                ct)
            : (after, before, limit, ct) => runner.ReadAsync(
                static (s, c) => s.tables.ReadServiceNameIndexAsync(s.service, s.after, s.before, s.limit, c),
                (tables, service, after, before, limit),
                "service_name_index",
                ct);
        return new TimeOrderedCandidateSource([reader], window, firstLimit, rowBudget);
    }
}
