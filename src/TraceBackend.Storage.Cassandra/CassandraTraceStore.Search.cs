using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Search;

namespace TraceBackend.Storage.Cassandra;

public sealed partial class CassandraTraceStore
{
    /// <summary>
    /// Finds the <see cref="TraceQuery.EffectiveSearchDepth"/> traces whose latest matching span is newest, every
    /// condition holding on one span (<see cref="TraceSearch"/>, candidates from <see cref="SearchPlanner"/>). Without
    /// a service name the search runs for every service of <c>service_names</c> (a few at a time) and the results are
    /// merged: a trace's rank is the best over services, and each service's own top traces contain the overall top
    /// ones, so the merge is exact (Jaeger cannot search without a service, jaeger#423).
    /// </summary>
    public async ValueTask<IReadOnlyList<Trace>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var linked = Link(cancellationToken);
        var ct = linked.Token;
        var depth = query.EffectiveSearchDepth;
        var window = SearchWindow.For(new SpanMatcher(query), query);
        if (window.IsEmpty)
        {
            return [];
        }

        var loader = new TraceLoader(LoadTraceAsync, _options.MaxConcurrentReads, _options.SearchTraceBudget);
        IReadOnlyList<string> services = query.ServiceName is { Length: > 0 } service ? [service] : await ReadServiceNamesAsync(ct).ConfigureAwait(false);
        var ranked = new Dictionary<TraceId, (Trace Trace, long Rank)>();
        var rowsRead = 0;
        var stoppedAtBudget = false;
        var lockObject = new Lock();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrentReads / 4), CancellationToken = ct };
        await Parallel.ForEachAsync(services.Distinct(StringComparer.Ordinal), parallel, async (serviceName, token) =>
        {
            var serviceQuery = query with { ServiceName = serviceName };
            var source = SearchPlanner.Plan(_tables, _runner, _tagPolicy, serviceName, serviceQuery, window, depth, _options.SearchIndexRowBudget, _time.GetUtcNow());
            var search = new TraceSearch(source, new SpanMatcher(serviceQuery), loader, depth, _options.MaxConcurrentReads);
            var found = await search.RunAsync(token).ConfigureAwait(false);
            lock (lockObject)
            {
                rowsRead += source.RowsRead;
                stoppedAtBudget |= search.StoppedAtBudget;
                foreach (var (trace, rank) in found)
                {
                    if (!ranked.TryGetValue(trace.TraceId, out var known) || rank > known.Rank)
                    {
                        ranked[trace.TraceId] = (trace, rank);
                    }
                }
            }
        }).ConfigureAwait(false);

        var result = ranked.Values.ToList();
        result.Sort(static (a, b) => b.Rank != a.Rank ? b.Rank.CompareTo(a.Rank) : a.Trace.TraceId.CompareTo(b.Trace.TraceId));
        if (stoppedAtBudget && result.Count < depth)
        {
            CassandraStoreLog.SearchBudgetExhausted(_logger, rowsRead, loader.Loads, result.Count, depth);
        }

        return [.. result.Take(depth).Select(static r => r.Trace)];
    }
}
