using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Reading;

internal sealed partial class TraceFetcher
{
    /// <summary>Jaeger widens every span index range by an hour each way, for traces crossing an index boundary.</summary>
    internal static readonly TimeSpan IndexMargin = TimeSpan.FromHours(1);

    /// <summary>
    /// Traces by ID (<see cref="ITraceReader.GetTracesAsync"/>). Daily indices are searched in up to three rounds,
    /// each only for what the previous ones left open:
    /// <list type="number">
    /// <item>Jaeger's lookup: the indices of [now − <paramref name="maxSpanAge"/>, now] (± 1 h), for every ID;</item>
    /// <item>for a request whose time hint reaches outside that window, the indices of the hint's window (± 1 h) not
    /// searched yet — so a trace older than the max span age is found by ID when the caller says when it was
    /// (Jaeger answers "not found": jaeger#2440, #1377, #7508);</item>
    /// <item>for IDs still not found, every span index (<c>&lt;prefix&gt;jaeger-span-*</c>): a wrong or missing hint
    /// costs one more search instead of a miss.</item>
    /// </list>
    /// In alias mode the read alias covers all data, so one round on it suffices. Spans found in several rounds or
    /// indices are merged without duplicates. The answer keeps request order and leaves unknown IDs out.
    /// </summary>
    public async Task<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<TraceGetRequest> requests, DateTimeOffset now, TimeSpan maxSpanAge,
        bool aliasMode, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
        {
            return [];
        }

        var found = new Dictionary<TraceId, TraceSpans>();
        var ids = requests.Select(static r => r.TraceId).Distinct().ToList();
        if (aliasMode)
        {
            var alias = _names.SpanReadIndices(now, now);
            await LoadAsync([.. ids.Select(id => (id, alias))], found, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var windowStart = SafeAdd(now, -maxSpanAge);
            var first = _names.SpanReadIndices(SafeAdd(windowStart, -IndexMargin), SafeAdd(now, IndexMargin));
            await LoadAsync([.. ids.Select(id => (id, first))], found, cancellationToken).ConfigureAwait(false);

            var second = HintTargets(requests, first, windowStart, now);
            if (second.Count > 0)
            {
                await LoadAsync(second, found, cancellationToken).ConfigureAwait(false);
            }

            var everything = AllSpanIndices;
            var missing = ids.Where(id => !found.ContainsKey(id)).Select(id => (id, everything)).ToList();
            if (missing.Count > 0)
            {
                await LoadAsync(missing, found, cancellationToken).ConfigureAwait(false);
            }
        }

        var traces = new List<Trace>(requests.Count);
        foreach (var request in requests)
        {
            if (found.TryGetValue(request.TraceId, out var spans))
            {
                traces.Add(new Trace(request.TraceId, [.. spans.Spans]));
            }
        }

        return traces;
    }

    /// <summary>The spans of <paramref name="ids"/> in the indices of [start − 1 h, end + 1 h] (Jaeger's search load).</summary>
    public async Task<Dictionary<TraceId, TraceSpans>> LoadWindowAsync(IReadOnlyList<TraceId> ids, DateTimeOffset start, DateTimeOffset end,
        CancellationToken cancellationToken)
    {
        var indices = _names.SpanReadIndices(SafeAdd(start, -IndexMargin), SafeAdd(end, IndexMargin));
        var found = new Dictionary<TraceId, TraceSpans>();
        await LoadAsync([.. ids.Select(id => (id, indices))], found, cancellationToken).ConfigureAwait(false);
        return found;
    }

    private List<(TraceId Id, IReadOnlyList<string> Indices)> HintTargets(IReadOnlyList<TraceGetRequest> requests, IReadOnlyList<string> searched,
        DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        var searchedSet = searched.ToHashSet(StringComparer.Ordinal);
        var targets = new List<(TraceId, IReadOnlyList<string>)>();
        var seen = new HashSet<(TraceId, string)>();
        foreach (var request in requests)
        {
            if ((request.StartTime ?? request.EndTime) is not { } a || (request.EndTime ?? request.StartTime) is not { } b)
            {
                continue;
            }

            var (start, end) = a <= b ? (a, b) : (b, a);
            if (start >= windowStart && end <= windowEnd)
            {
                continue;
            }

            var extra = _names.SpanReadIndices(SafeAdd(start, -IndexMargin), SafeAdd(end, IndexMargin)).Where(i => !searchedSet.Contains(i)).ToList();
            if (extra.Count > 0 && seen.Add((request.TraceId, string.Join(',', extra))))
            {
                targets.Add((request.TraceId, extra));
            }
        }

        return targets;
    }

    /// <summary><paramref name="time"/> + <paramref name="delta"/>, clamped to the representable range.</summary>
    internal static DateTimeOffset SafeAdd(DateTimeOffset time, TimeSpan delta)
    {
        var ticks = time.UtcTicks;
        var result = delta.Ticks >= 0
            ? (ticks > DateTimeOffset.MaxValue.UtcTicks - delta.Ticks ? DateTimeOffset.MaxValue.UtcTicks : ticks + delta.Ticks)
            : (ticks < DateTimeOffset.MinValue.UtcTicks - delta.Ticks ? DateTimeOffset.MinValue.UtcTicks : ticks + delta.Ticks);
        return new DateTimeOffset(result, TimeSpan.Zero);
    }
}
