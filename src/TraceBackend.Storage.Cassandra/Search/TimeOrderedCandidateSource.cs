using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>
/// Candidates from indexes ordered by start time (<c>service_name_index</c>, <c>service_operation_index</c>,
/// <c>tag_index</c>), read in rounds from the newest end of the window. The first round reads <c>limit × 3</c> rows
/// per index (Jaeger's multiplier), each further round twice as many as the previous, until the window is exhausted
/// or the row budget is spent. Per round:
/// <list type="bullet">
/// <item>An index that returned fewer rows than asked is complete down to the window start; one that returned the
/// full count is complete only for starts after its oldest row (rows at that exact start may have been cut).</item>
/// <item>The round's frontier is the highest of those cut-off points; only rows newer than it are used, so with
/// several indexes (one per queried tag) every matching span, which has a row at its start in each, is seen in all of
/// them, and a trace is a candidate when it appears in every index (Jaeger's intersection, made safe under limits).</item>
/// <item>The next round asks for rows up to the frontier inclusive (ties re-read; already seen traces are skipped by
/// the search), with the doubled limit, so progress is certain even with many rows at one start time.</item>
/// </list>
/// </summary>
internal sealed class TimeOrderedCandidateSource : ICandidateSource
{
    private readonly IndexRangeReader[] _indexes;
    private readonly long _startAfter;
    private readonly int _budget;
    private long _startBefore;
    private int _limit;
    private bool _exhausted;

    public TimeOrderedCandidateSource(IReadOnlyList<IndexRangeReader> indexes, SearchWindow window, int firstLimit, int rowBudget)
    {
        if (indexes.Count == 0)
        {
            throw new ArgumentException("at least one index is required", nameof(indexes));
        }

        _indexes = [.. indexes];
        _startAfter = window.StartAfter;
        _startBefore = window.StartBefore;
        _budget = rowBudget;
        _limit = Math.Max(1, firstLimit);
    }

    public int RowsRead { get; private set; }

    public bool StoppedAtBudget { get; private set; }

    public async ValueTask<CandidateChunk> NextAsync(CancellationToken cancellationToken)
    {
        var remaining = (_budget - RowsRead) / _indexes.Length;
        if (_exhausted || remaining < 1)
        {
            StoppedAtBudget |= !_exhausted;
            _exhausted = true;
            return new CandidateChunk([], _startAfter, Exhausted: true);
        }

        var limit = Math.Min(_limit, remaining);
        var reads = new Task<IReadOnlyList<IndexEntry>>[_indexes.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            reads[i] = _indexes[i](_startAfter, _startBefore, limit, cancellationToken).AsTask();
        }

        var lists = await Task.WhenAll(reads).ConfigureAwait(false);
        var frontier = _startAfter;
        foreach (var list in lists)
        {
            RowsRead += list.Count;
            if (list.Count >= limit && list.Count > 0)
            {
                frontier = Math.Max(frontier, list[^1].StartTime);
            }
        }

        var candidates = Intersect(lists, frontier);
        if (frontier == _startAfter)
        {
            _exhausted = true;
        }
        else
        {
            _startBefore = frontier + 1;
            _limit = (int)Math.Min((long)_limit * 2, int.MaxValue);
        }

        return new CandidateChunk(candidates, frontier, _exhausted);
    }

    /// <summary>
    /// Traces with a row newer than <paramref name="frontier"/> in every list, bound = the lowest of their newest such
    /// row per list (each is an upper bound of a common span's start), newest bound first.
    /// </summary>
    private static List<Candidate> Intersect(IReadOnlyList<IndexEntry>[] lists, long frontier)
    {
        Dictionary<TraceId, (long Bound, int Lists)>? seen = null;
        var order = new List<TraceId>();
        for (var i = 0; i < lists.Length; i++)
        {
            var inThisList = new HashSet<TraceId>();
            foreach (var entry in lists[i])
            {
                if (entry.StartTime <= frontier || !inThisList.Add(entry.TraceId))
                {
                    continue;
                }

                seen ??= [];
                if (i == 0)
                {
                    seen[entry.TraceId] = (entry.StartTime, 1);
                    order.Add(entry.TraceId);
                }
                else if (seen.TryGetValue(entry.TraceId, out var known) && known.Lists == i)
                {
                    seen[entry.TraceId] = (Math.Min(known.Bound, entry.StartTime), i + 1);
                }
            }
        }

        var candidates = new List<Candidate>(order.Count);
        foreach (var traceId in order)
        {
            var (bound, count) = seen![traceId];
            if (count == lists.Length)
            {
                candidates.Add(new Candidate(traceId, bound));
            }
        }

        candidates.Sort(static (a, b) => b.Bound.CompareTo(a.Bound));
        return candidates;
    }
}
