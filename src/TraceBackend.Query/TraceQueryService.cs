using TraceBackend.Model;
using TraceBackend.Query.Adjusters;
using TraceBackend.Storage;

namespace TraceBackend.Query;

/// <summary>
/// Storage access shared by the v1 and v3 APIs: trace lookups that treat time windows as hints, searches with
/// Jaeger's validation and ordering, and the query-time adjusters.
/// </summary>
public sealed class TraceQueryService
{
    /// <summary>Jaeger HEAD's message when a store cannot search across all services.</summary>
    public const string ServiceRequiredByStorageMessage =
        "this storage backend requires a service name to search; searching all services is not supported";

    private readonly ITraceReader _reader;
    private readonly IDependencyReader _dependencies;
    private readonly ITraceStore _store;
    private readonly ITraceAdjuster _adjuster;

    public TraceQueryService(ITraceReader reader, IDependencyReader dependencies, ITraceStore store, ITraceAdjuster? adjuster = null)
    {
        _reader = reader;
        _dependencies = dependencies;
        _store = store;
        _adjuster = adjuster ?? StandardAdjusters.Instance;
    }

    public StorageCapabilities Capabilities => _store.Capabilities;

    public ITraceReader Reader => _reader;

    public IDependencyReader Dependencies => _dependencies;

    /// <summary>Applies the standard adjusters unless <paramref name="raw"/>.</summary>
    public Trace Adjust(Trace trace, bool raw) => raw ? trace : _adjuster.Adjust(trace);

    /// <summary>
    /// Looks traces up by ID (duplicates and the all-zero ID ignored), in request order. The window is a hint: IDs
    /// not found inside it are looked up again without it. Missing IDs are left out; no trace is empty.
    /// </summary>
    public async ValueTask<IReadOnlyList<Trace>> GetTracesAsync(
        IReadOnlyList<TraceId> ids, DateTimeOffset? start, DateTimeOffset? end, bool raw, CancellationToken cancellationToken)
    {
        var unique = ids.Where(static id => !id.IsEmpty).Distinct().ToList();
        if (unique.Count == 0)
        {
            return [];
        }

        var found = new Dictionary<TraceId, Trace>();
        var hinted = start is not null || end is not null;
        foreach (var trace in await _reader.GetTracesAsync([.. unique.Select(id => new TraceGetRequest(id, start, end))], cancellationToken))
        {
            if (trace.Spans.Count > 0)
            {
                found.TryAdd(trace.TraceId, trace);
            }
        }

        if (hinted && found.Count < unique.Count)
        {
            var retry = unique.Where(id => !found.ContainsKey(id)).Select(static id => new TraceGetRequest(id)).ToList();
            foreach (var trace in await _reader.GetTracesAsync(retry, cancellationToken))
            {
                if (trace.Spans.Count > 0)
                {
                    found.TryAdd(trace.TraceId, trace);
                }
            }
        }

        var result = new List<Trace>(found.Count);
        foreach (var id in unique)
        {
            if (found.TryGetValue(id, out var trace))
            {
                result.Add(Adjust(trace, raw));
            }
        }

        return result;
    }

    public async ValueTask<Trace?> GetTraceAsync(TraceId id, DateTimeOffset? start, DateTimeOffset? end, bool raw, CancellationToken cancellationToken)
    {
        var traces = await GetTracesAsync([id], start, end, raw, cancellationToken);
        return traces.Count > 0 ? traces[0] : null;
    }

    /// <summary>
    /// Runs a search; results are whole adjusted traces, newest first by their latest matching span start.
    /// Throws <see cref="QueryParameterException"/> for a service-less search the store cannot do.
    /// </summary>
    public async ValueTask<IReadOnlyList<Trace>> FindTracesAsync(TraceQuery query, bool raw, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(query.ServiceName) && !Capabilities.SearchWithoutServiceName)
        {
            throw new QueryParameterException(ServiceRequiredByStorageMessage);
        }

        var traces = await _reader.FindTracesAsync(query, cancellationToken);
        var matcher = new SpanMatcher(query);
        var ordered = traces
            .Where(static t => t.Spans.Count > 0)
            .Select(t => (Trace: t, Latest: LatestMatchingStart(t, matcher)))
            .OrderByDescending(static x => x.Latest)
            .Select(x => Adjust(x.Trace, raw))
            .ToList();
        return ordered;
    }

    private static ulong LatestMatchingStart(Trace trace, SpanMatcher matcher)
    {
        ulong latest = 0;
        ulong latestAny = 0;
        foreach (var span in trace.Spans)
        {
            latestAny = Math.Max(latestAny, span.StartTimeUnixNano);
            if (span.StartTimeUnixNano > latest && matcher.Matches(span))
            {
                latest = span.StartTimeUnixNano;
            }
        }

        return latest != 0 ? latest : latestAny;
    }

    /// <summary>Dependency links in the window, summed per (parent, child) in first-appearance order.</summary>
    public async ValueTask<IReadOnlyList<DependencyLink>> GetDependenciesAsync(
        DateTimeOffset endTime, TimeSpan lookback, string? service, CancellationToken cancellationToken)
    {
        var links = await _dependencies.GetDependenciesAsync(endTime, lookback, cancellationToken);
        var sums = new Dictionary<(string, string), int>();
        var result = new List<DependencyLink>(links.Count);
        foreach (var link in links)
        {
            if (!string.IsNullOrEmpty(service) && link.Parent != service && link.Child != service)
            {
                continue;
            }

            if (sums.TryGetValue((link.Parent, link.Child), out var index))
            {
                result[index] = result[index] with { CallCount = result[index].CallCount + link.CallCount };
            }
            else
            {
                sums[(link.Parent, link.Child)] = result.Count;
                result.Add(link);
            }
        }

        return result;
    }
}
