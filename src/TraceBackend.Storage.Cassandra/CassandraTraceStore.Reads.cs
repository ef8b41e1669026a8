using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra;

public sealed partial class CassandraTraceStore
{
    /// <summary>Reads each trace's partition (time hints are not needed: the partition key is the trace ID).</summary>
    public async ValueTask<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<TraceGetRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var linked = Link(cancellationToken);
        var traces = new Trace?[requests.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentReads, CancellationToken = linked.Token };
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), parallel, async (i, ct) =>
            traces[i] = await LoadTraceAsync(requests[i].TraceId, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. traces.OfType<Trace>()];
    }

    public async ValueTask<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken = default)
    {
        using var linked = Link(cancellationToken);
        var names = await ReadServiceNamesAsync(linked.Token).ConfigureAwait(false);
        var sorted = names.Distinct(StringComparer.Ordinal).ToList();
        sorted.Sort(StringComparer.Ordinal);
        return sorted;
    }

    /// <summary>
    /// The service's <c>operation_names_v2</c> partition (one <c>span_kind</c> when the query has a kind). Kind names
    /// are Jaeger's lower-case ones; "" and names that are not kinds read as unspecified.
    /// </summary>
    public async ValueTask<IReadOnlyList<Operation>> GetOperationsAsync(OperationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var linked = Link(cancellationToken);
        var kind = query.Kind is { } k ? SpanKindNames.ToJaeger(k) : null;
        var rows = await _runner.ReadAsync(
            static (s, ct) => s.Tables.ReadOperationNamesAsync(s.Service, s.Kind, ct),
            (Tables: _tables, Service: query.ServiceName, Kind: kind),
            "operation_names_v2",
            linked.Token).ConfigureAwait(false);
        var operations = new HashSet<Operation>();
        foreach (var row in rows)
        {
            var spanKind = SpanKindNames.TryParseJaeger(row.SpanKind, out var parsed) ? parsed : SpanKind.Unspecified;
            if (query.Kind is null || query.Kind == spanKind)
            {
                operations.Add(new Operation(row.OperationName, spanKind));
            }
        }

        var sorted = operations.ToList();
        sorted.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Name, b.Name);
            return c != 0 ? c : a.Kind.CompareTo(b.Kind);
        });
        return sorted;
    }

    /// <summary>
    /// Sums the links of every snapshot with <c>endTime − lookback ≤ ts ≤ endTime</c>, reading the UTC day buckets from
    /// the window start's day to the end's (<see cref="MaxDependencyBucketsPerQuery"/> per <c>IN</c> query). Windows
    /// reaching back more than <see cref="MaxDependencyLookback"/> are cut there.
    /// </summary>
    public async ValueTask<IReadOnlyList<DependencyLink>> GetDependenciesAsync(DateTimeOffset endTime, TimeSpan lookback, CancellationToken cancellationToken = default)
    {
        using var linked = Link(cancellationToken);
        if (lookback < TimeSpan.Zero)
        {
            return [];
        }

        var earliest = endTime - DateTimeOffset.MinValue > MaxDependencyLookback ? endTime - MaxDependencyLookback : DateTimeOffset.MinValue;
        var start = endTime - earliest > lookback ? endTime - lookback : earliest;
        var buckets = new List<DateTimeOffset>();
        for (var day = CqlTraceTables.DayBucket(start); day <= endTime; day = day.AddDays(1))
        {
            buckets.Add(day);
        }

        var sums = new Dictionary<(string Parent, string Child), ulong>();
        foreach (var chunk in buckets.Chunk(MaxDependencyBucketsPerQuery))
        {
            var snapshots = await _runner.ReadAsync(
                static (s, ct) => s.Tables.ReadDependenciesAsync(s.Buckets, s.Start, s.End, ct),
                (Tables: _tables, Buckets: chunk, Start: start, End: endTime),
                "dependencies_v2",
                linked.Token).ConfigureAwait(false);
            foreach (var snapshot in snapshots)
            {
                foreach (var link in snapshot.Links)
                {
                    var key = (link.Parent, link.Child);
                    sums[key] = sums.GetValueOrDefault(key) + link.CallCount;
                }
            }
        }

        return [.. sums.Select(static kv => new DependencyLink(kv.Key.Parent, kv.Key.Child, kv.Value))];
    }

    /// <summary>One trace from its partition, spans de-duplicated by <see cref="Span.Key"/>; null when empty.</summary>
    private async ValueTask<Trace?> LoadTraceAsync(TraceId traceId, CancellationToken cancellationToken)
    {
        var rows = await _runner.ReadAsync(static (s, ct) => s.Tables.ReadTraceAsync(s.TraceId, ct), (Tables: _tables, TraceId: traceId), "traces", cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        var decoder = new SpanRowDecoder();
        var keys = new HashSet<SpanKey>();
        var spans = new List<Span>(rows.Count);
        foreach (var row in rows)
        {
            var span = decoder.Decode(row);
            if (keys.Add(span.Key))
            {
                spans.Add(span);
            }
        }

        return new Trace(traceId, spans);
    }

    private ValueTask<IReadOnlyList<string>> ReadServiceNamesAsync(CancellationToken cancellationToken) =>
        _runner.ReadAsync(static (t, ct) => t.ReadServiceNamesAsync(ct), _tables, "service_names", cancellationToken);
}
