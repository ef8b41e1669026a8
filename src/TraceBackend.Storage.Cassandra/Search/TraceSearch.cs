using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>
/// The search over one candidate source: candidates are loaded in the order of their bounds (newest first) and
/// checked span by span with <see cref="SpanMatcher"/>, so every condition of the query holds on one span. A trace's
/// rank is the start of its latest matching span. The search stops as soon as the <c>depth</c>-th best rank found is
/// at least the bound of the next candidate (no queued candidate can rank higher) and the source's frontier (no
/// candidate not yet read can), so it loads about <c>depth</c> traces when most candidates match and reads further
/// into the index only when in-memory filtering rejects candidates. It also stops when the source or the trace budget
/// is exhausted (then the result is the best found). Not thread-safe; one instance per (call, service).
/// </summary>
internal sealed class TraceSearch
{
    private readonly ICandidateSource _source;
    private readonly SpanMatcher _matcher;
    private readonly TraceLoader _loader;
    private readonly int _depth;
    private readonly int _batch;
    private readonly PriorityQueue<(Trace Trace, long Rank), long> _best = new();
    private readonly HashSet<TraceId> _seen = [];
    private readonly Queue<Candidate> _queue = new();

    public TraceSearch(ICandidateSource source, SpanMatcher matcher, TraceLoader loader, int depth, int batch)
    {
        _source = source;
        _matcher = matcher;
        _loader = loader;
        _depth = depth;
        _batch = Math.Max(1, batch);
    }

    /// <summary>True when the search ended at the trace budget or the source's row budget.</summary>
    public bool StoppedAtBudget { get; private set; }

    /// <summary>Up to <c>depth</c> matching traces with their rank (µs), in no particular order.</summary>
    public async Task<IReadOnlyList<(Trace Trace, long Rank)>> RunAsync(CancellationToken cancellationToken)
    {
        var frontier = long.MaxValue;
        var exhausted = false;
        while (true)
        {
            if (_queue.Count == 0)
            {
                if (exhausted || IsSettled(frontier))
                {
                    break;
                }

                var chunk = await _source.NextAsync(cancellationToken).ConfigureAwait(false);
                frontier = chunk.Frontier;
                exhausted = chunk.Exhausted;
                foreach (var candidate in chunk.Candidates)
                {
                    if (_seen.Add(candidate.TraceId))
                    {
                        _queue.Enqueue(candidate);
                    }
                }

                continue;
            }

            if (IsSettled(_queue.Peek().Bound))
            {
                break;
            }

            if (_loader.BudgetExhausted)
            {
                StoppedAtBudget = true;
                break;
            }

            await EvaluateBatchAsync(Math.Max(_depth - _best.Count, _batch), cancellationToken).ConfigureAwait(false);
        }

        StoppedAtBudget |= _source.StoppedAtBudget;
        return [.. _best.UnorderedItems.Select(static item => item.Element)];
    }

    /// <summary>True when <c>depth</c> traces rank at or above <paramref name="bound"/>.</summary>
    private bool IsSettled(long bound) => _best.Count >= _depth && _best.TryPeek(out _, out var worst) && worst >= bound;

    private async Task EvaluateBatchAsync(int size, CancellationToken cancellationToken)
    {
        var loads = new List<Task<Trace?>>(Math.Min(size, _queue.Count));
        while (loads.Count < size && _queue.TryDequeue(out var candidate))
        {
            loads.Add(_loader.LoadAsync(candidate.TraceId, cancellationToken));
        }

        foreach (var trace in await Task.WhenAll(loads).ConfigureAwait(false))
        {
            if (trace is not null && Rank(trace) is { } rank)
            {
                Offer(trace, rank);
            }
        }
    }

    private long? Rank(Trace trace)
    {
        long? rank = null;
        foreach (var span in trace.Spans)
        {
            if (_matcher.Matches(span))
            {
                var start = (long)(span.StartTimeUnixNano / 1000);
                rank = rank is { } r ? Math.Max(r, start) : start;
            }
        }

        return rank;
    }

    private void Offer(Trace trace, long rank)
    {
        if (_best.Count < _depth)
        {
            _best.Enqueue((trace, rank), rank);
        }
        else if (_best.TryPeek(out _, out var worst) && rank > worst)
        {
            _best.DequeueEnqueue((trace, rank), rank);
        }
    }
}
