using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra;

public sealed partial class CassandraTraceStore
{
    /// <summary>
    /// Writes every span's <c>traces</c> row and index rows. Rows of one partition across the batch (the spans of one
    /// trace, the index rows of one service and operation, of one tag value, …) form one request, split at
    /// <see cref="CassandraStoreOptions.MaxBatchStatements"/>; <c>service_names</c> and <c>operation_names_v2</c> rows
    /// are skipped while in the write cache and cached once written. Requests run concurrently (bounded, retried);
    /// the first failure that outlives its retries cancels the rest and is thrown.
    /// </summary>
    public async ValueTask WriteAsync(IReadOnlyList<Span> spans, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            return;
        }

        using var linked = Link(cancellationToken);
        var requests = PlanWrites(spans);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxInFlightWrites, CancellationToken = linked.Token };
        await Parallel.ForEachAsync(requests, parallel, async (request, ct) =>
        {
            await _runner.WriteAsync(static (r, c) => r.Run(c), request, request.Table, ct).ConfigureAwait(false);
            request.OnWritten?.Invoke();
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask WriteDependenciesAsync(DateTimeOffset timestamp, IReadOnlyList<DependencyLink> links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        using var linked = Link(cancellationToken);
        await _runner.WriteAsync(
            static (s, ct) => s.Tables.WriteDependenciesAsync(s.Timestamp, s.Links, ct),
            (Tables: _tables, Timestamp: timestamp, Links: links),
            "dependencies_v2",
            linked.Token).ConfigureAwait(false);
    }

    /// <summary>The requests of one write: one per partition (chunked), in table order.</summary>
    internal List<WriteRequest> PlanWrites(IReadOnlyList<Span> spans)
    {
        var traces = new Dictionary<TraceId, List<SpanRow>>();
        var services = new HashSet<string>(StringComparer.Ordinal);
        var operations = new HashSet<OperationNameRow>();
        var serviceIndex = new Dictionary<(string, int), List<ServiceNameIndexRow>>();
        var operationIndex = new Dictionary<(string, string), List<ServiceOperationIndexRow>>();
        var tagIndex = new Dictionary<(string, string, string), List<TagIndexRow>>();
        var durationIndex = new Dictionary<(string, string, DateTimeOffset), List<DurationIndexRow>>();
        foreach (var span in spans)
        {
            var row = SpanRowEncoder.Encode(span);
            var index = SpanIndexRows.For(row, _tagPolicy);
            Add(traces, row.TraceId, row);
            if (!_serviceCache.Contains(index.ServiceName))
            {
                services.Add(index.ServiceName);
            }

            if (!_operationCache.Contains(index.Operation))
            {
                operations.Add(index.Operation);
            }

            Add(serviceIndex, (index.ServiceName, index.ServiceNameIndex.Bucket), index.ServiceNameIndex);
            Add(operationIndex, (index.ServiceName, row.OperationName), index.ServiceOperationIndex);
            foreach (var tag in index.Tags)
            {
                Add(tagIndex, (tag.ServiceName, tag.TagKey, tag.TagValue), tag);
            }

            foreach (var duration in index.Durations)
            {
                Add(durationIndex, (duration.ServiceName, duration.OperationName, duration.Bucket), duration);
            }
        }

        var tables = _tables;
        var requests = new List<WriteRequest>();
        AddChunked(requests, traces.Values, "traces", static (t, rows, ct) => t.WriteSpansAsync(rows, ct));
        foreach (var service in services)
        {
            requests.Add(new WriteRequest("service_names", ct => tables.WriteServiceNameAsync(service, ct), () => _serviceCache.Add(service)));
        }

        foreach (var operation in operations)
        {
            requests.Add(new WriteRequest("operation_names_v2", ct => tables.WriteOperationNameAsync(operation, ct), () => _operationCache.Add(operation)));
        }

        AddChunked(requests, serviceIndex.Values, "service_name_index", static (t, rows, ct) => t.WriteServiceNameIndexAsync(rows, ct));
        AddChunked(requests, operationIndex.Values, "service_operation_index", static (t, rows, ct) => t.WriteServiceOperationIndexAsync(rows, ct));
        AddChunked(requests, tagIndex.Values, "tag_index", static (t, rows, ct) => t.WriteTagIndexAsync(rows, ct));
        AddChunked(requests, durationIndex.Values, "duration_index", static (t, rows, ct) => t.WriteDurationIndexAsync(rows, ct));
        return requests;
    }

    private void AddChunked<TRow>(
        List<WriteRequest> requests,
        IEnumerable<List<TRow>> partitions,
        string table,
        Func<ITraceTables, IReadOnlyList<TRow>, CancellationToken, ValueTask> write)
    {
        var tables = _tables;
        foreach (var rows in partitions)
        {
            foreach (var chunk in rows.Chunk(_options.MaxBatchStatements))
            {
                requests.Add(new WriteRequest(table, ct => write(tables, chunk, ct), null));
            }
        }
    }

    private static void Add<TKey, TRow>(Dictionary<TKey, List<TRow>> groups, TKey key, TRow row)
        where TKey : notnull
    {
        if (!groups.TryGetValue(key, out var list))
        {
            list = [];
            groups.Add(key, list);
        }

        list.Add(row);
    }

    /// <summary>One request of a write: the table (for logs), the call, and what to record once it succeeded.</summary>
    internal sealed record WriteRequest(string Table, Func<CancellationToken, ValueTask> Run, Action? OnWritten);
}
