using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>
/// Candidates from <c>duration_index</c>, whose rows are ordered by duration, not time, inside hour buckets (the span
/// start rounded to the nearest hour, so bucket <c>h</c> holds starts in [h − 30 min, h + 30 min)). Buckets are read
/// whole, newest first, from the bucket of the window's end to the bucket of its start (as Jaeger); each chunk is one
/// bucket, its rows outside the window dropped and its traces ordered by their newest row. After bucket <c>h</c>, every
/// span starting at or after <c>h − 30 min</c> has been seen. A bucket larger than the remaining row budget is read
/// only in part (its longest spans), and the source stops. Buckets after <c>newestBucket</c> (a day after now) hold
/// nothing and are skipped; at most <c>maxBuckets</c> buckets are read.
/// </summary>
internal sealed class DurationCandidateSource : ICandidateSource
{
    private readonly DurationBucketReader _read;
    private readonly SearchWindow _window;
    private readonly long _lastBucket;
    private readonly int _budget;
    private long _nextBucket;
    private bool _exhausted;

    public DurationCandidateSource(DurationBucketReader read, SearchWindow window, int rowBudget, long newestBucket, int maxBuckets)
    {
        _read = read;
        _window = window;
        _budget = rowBudget;
        _nextBucket = Math.Min(DurationBuckets.RoundToHour(window.StartBefore - 1), DurationBuckets.RoundToHour(newestBucket));
        _lastBucket = Math.Max(DurationBuckets.RoundToHour(window.StartAfter + 1), _nextBucket - ((long)(maxBuckets - 1) * DurationBuckets.HourMicros));
        _exhausted = _nextBucket < _lastBucket;
    }

    public int RowsRead { get; private set; }

    public bool StoppedAtBudget { get; private set; }

    public async ValueTask<CandidateChunk> NextAsync(CancellationToken cancellationToken)
    {
        var remaining = _budget - RowsRead;
        if (_exhausted || remaining < 1)
        {
            StoppedAtBudget |= !_exhausted;
            _exhausted = true;
            return new CandidateChunk([], _window.StartAfter, Exhausted: true);
        }

        var bucket = _nextBucket;
        var entries = await _read(DurationBuckets.FromMicros(bucket), remaining, cancellationToken).ConfigureAwait(false);
        RowsRead += entries.Count;
        var newest = new Dictionary<TraceId, long>();
        foreach (var entry in entries)
        {
            if (_window.Contains(entry.StartTime) && (!newest.TryGetValue(entry.TraceId, out var known) || entry.StartTime > known))
            {
                newest[entry.TraceId] = entry.StartTime;
            }
        }

        var candidates = newest.Select(static kv => new Candidate(kv.Key, kv.Value)).ToList();
        candidates.Sort(static (a, b) => b.Bound.CompareTo(a.Bound));
        _nextBucket -= DurationBuckets.HourMicros;
        if (entries.Count >= remaining)
        {
            StoppedAtBudget = true;
            _exhausted = true;
        }
        else if (_nextBucket < _lastBucket)
        {
            _exhausted = true;
        }

        var frontier = _exhausted ? _window.StartAfter : Math.Max(_window.StartAfter, DurationBuckets.FirstStartOf(bucket) - 1);
        return new CandidateChunk(candidates, frontier, _exhausted);
    }
}
