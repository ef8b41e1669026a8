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
        var tables = _tables;
        await Parallel.ForEachAsync(requests, parallel, async (request, ct) =>
        {
            await _runner.WriteAsync(static (s, c) => s.Request.RunAsync(s.Tables, c), (Request: request, Tables: tables), request.Table, ct).ConfigureAwait(false);
            request.OnWritten();
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

    /// <summary>
    /// The requests of one write: one per partition (chunked), in table order; <c>service_names</c> and
    /// <c>operation_names_v2</c> rows only for keys not in the write cache.
    /// </summary>
    internal List<WriteRequest> PlanWrites(IReadOnlyList<Span> spans)
    {
        var plan = WritePlan.Of(spans, _tagPolicy);
        var requests = new List<WriteRequest>();
        AddSpanChunks(requests, plan.Traces);
        foreach (var service in plan.Services)
        {
            if (!_serviceCache.Contains(service))
            {
                requests.Add(WriteRequest.Cached("service_names", service, _serviceCache, static (t, s, ct) => t.WriteServiceNameAsync(s, ct)));
            }
        }

        foreach (var (service, kind, name) in plan.Operations)
        {
            var operation = new OperationNameRow(service, kind, name);
            if (!_operationCache.Contains(operation))
            {
                requests.Add(WriteRequest.Cached("operation_names_v2", operation, _operationCache, static (t, o, ct) => t.WriteOperationNameAsync(o, ct)));
            }
        }

        AddChunked(requests, plan.ServiceNameIndex, "service_name_index", static (t, rows, ct) => t.WriteServiceNameIndexAsync(rows, ct));
        AddChunked(requests, plan.ServiceOperationIndex, "service_operation_index", static (t, rows, ct) => t.WriteServiceOperationIndexAsync(rows, ct));
        AddChunked(requests, plan.TagIndex, "tag_index", static (t, rows, ct) => t.WriteTagIndexAsync(rows, ct));
        AddChunked(requests, plan.DurationIndex, "duration_index", static (t, rows, ct) => t.WriteDurationIndexAsync(rows, ct));
        return requests;
    }

    /// <summary>
    /// The <c>traces</c> rows of each trace, chunked like the index rows and also by size: a chunk is closed before it
    /// would exceed <see cref="CassandraStoreOptions.MaxBatchBytes"/> (estimated), so spans with large attributes never
    /// make a frame or mutation Cassandra refuses for size (16 MB native frames; mutations over half a commit-log
    /// segment); a single span larger than that goes alone.
    /// </summary>
    private void AddSpanChunks(List<WriteRequest> requests, Dictionary<TraceId, List<SpanRow>> traces)
    {
        static ValueTask Write(ITraceTables t, IReadOnlyList<SpanRow> rows, CancellationToken ct) => t.WriteSpansAsync(rows, ct);
        var (maxRows, maxBytes) = (_options.MaxBatchStatements, _options.MaxBatchBytes);
        foreach (var rows in traces.Values)
        {
            var start = 0;
            long bytes = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                var size = SpanRowSize.Estimate(rows[i]);
                if (i > start && (i - start == maxRows || bytes + size > maxBytes))
                {
                    requests.Add(WriteRequest.Rows("traces", rows.GetRange(start, i - start), Write));
                    (start, bytes) = (i, 0);
                }

                bytes += size;
            }

            requests.Add(WriteRequest.Rows("traces", start == 0 ? rows : rows.GetRange(start, rows.Count - start), Write));
        }
    }

    /// <summary>One request per partition, or per <see cref="CassandraStoreOptions.MaxBatchStatements"/> rows of it.</summary>
    private void AddChunked<TKey, TRow>(
        List<WriteRequest> requests,
        Dictionary<TKey, List<TRow>> partitions,
        string table,
        Func<ITraceTables, IReadOnlyList<TRow>, CancellationToken, ValueTask> write)
        where TKey : notnull
    {
        var max = _options.MaxBatchStatements;
        foreach (var rows in partitions.Values)
        {
            if (rows.Count <= max)
            {
                requests.Add(WriteRequest.Rows(table, rows, write));
                continue;
            }

            for (var start = 0; start < rows.Count; start += max)
            {
                requests.Add(WriteRequest.Rows(table, rows.GetRange(start, Math.Min(max, rows.Count - start)), write));
            }
        }
    }
}
