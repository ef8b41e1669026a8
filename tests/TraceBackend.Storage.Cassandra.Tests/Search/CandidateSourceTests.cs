using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Search;

namespace TraceBackend.Storage.Cassandra.Tests.Search;

public sealed class CandidateSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TraceId T(ulong n) => new(0, n);

    /// <summary>An index partition: entries newest first, read with exclusive bounds and a limit, as the CQL does.</summary>
    private static IndexRangeReader Index(List<int> calls, params (ulong Trace, long Start)[] rows) => (after, before, limit, _) =>
    {
        calls.Add(limit);
        IReadOnlyList<IndexEntry> result = [.. rows.OrderByDescending(r => r.Start).Where(r => r.Start > after && r.Start < before).Take(limit).Select(r => new IndexEntry(T(r.Trace), r.Start))];
        return new ValueTask<IReadOnlyList<IndexEntry>>(result);
    };

    private static async Task<List<(List<Candidate> Candidates, long Frontier, bool Exhausted)>> DrainAsync(ICandidateSource source)
    {
        var chunks = new List<(List<Candidate>, long, bool)>();
        for (var i = 0; i < 50; i++)
        {
            var chunk = await source.NextAsync(Ct);
            chunks.Add(([.. chunk.Candidates], chunk.Frontier, chunk.Exhausted));
            if (chunk.Exhausted)
            {
                return chunks;
            }
        }

        throw new InvalidOperationException("source did not finish");
    }

    [Fact]
    public async Task Rounds_double_the_limit_and_use_only_rows_newer_than_a_cut_off()
    {
        var calls = new List<int>();
        var index = Index(calls, (1, 100), (1, 90), (2, 80), (3, 70), (4, 60));
        var source = new TimeOrderedCandidateSource([index], new SearchWindow(0, 1000, 0, long.MaxValue), firstLimit: 2, rowBudget: 1000);

        var chunks = await DrainAsync(source);

        Assert.Equal([2, 4, 8], calls);
        Assert.Equal([new Candidate(T(1), 100)], chunks[0].Candidates); // cut at 90: rows at 90 may be missing
        Assert.Equal(90, chunks[0].Frontier);
        // Re-reads 90 (the search skips traces it has seen); four rows fill the limit, so 60 is the new cut-off.
        Assert.Equal([new Candidate(T(1), 90), new Candidate(T(2), 80), new Candidate(T(3), 70)], chunks[1].Candidates);
        Assert.Equal(60, chunks[1].Frontier);
        Assert.Equal([new Candidate(T(4), 60)], chunks[2].Candidates);
        Assert.True(chunks[2].Exhausted);
        Assert.Equal(0, chunks[2].Frontier);
        Assert.Equal(2 + 4 + 1, source.RowsRead);
    }

    [Fact]
    public async Task Many_rows_at_one_start_time_are_read_through_by_growing_limits()
    {
        var calls = new List<int>();
        var rows = Enumerable.Range(1, 7).Select(i => ((ulong)i, 50L)).Append((8UL, 40L)).ToArray();
        var source = new TimeOrderedCandidateSource([Index(calls, rows)], new SearchWindow(0, 1000, 0, long.MaxValue), firstLimit: 2, rowBudget: 1000);

        var chunks = await DrainAsync(source);

        Assert.Equal((ulong[])[1, 2, 3, 4, 5, 6, 7, 8], chunks.SelectMany(c => c.Candidates).Select(c => c.TraceId.Low).Distinct().Order());
    }

    [Fact]
    public async Task Several_indexes_intersect_down_to_the_shallowest_cut_off()
    {
        var calls = new List<int>();
        // Trace 2 has both tags on a span at 80; trace 3 on a span at 30 (only in the second round); trace 1 has tag A only.
        var tagA = Index(calls, (1, 95), (2, 80), (9, 79), (9, 78), (3, 30));
        var tagB = Index(calls, (2, 80), (3, 30));
        var source = new TimeOrderedCandidateSource([tagA, tagB], new SearchWindow(0, 1000, 0, long.MaxValue), firstLimit: 3, rowBudget: 1000);

        var chunks = await DrainAsync(source);

        Assert.Equal([new Candidate(T(2), 80)], chunks[0].Candidates);
        Assert.Equal(79, chunks[0].Frontier);
        Assert.Equal([T(2), T(3)], chunks.SelectMany(c => c.Candidates).Select(c => c.TraceId).Distinct());
    }

    [Fact]
    public async Task The_row_budget_ends_the_source_and_says_so()
    {
        var calls = new List<int>();
        var rows = Enumerable.Range(1, 100).Select(i => ((ulong)i, (long)i)).ToArray();
        var source = new TimeOrderedCandidateSource([Index(calls, rows)], new SearchWindow(0, 1000, 0, long.MaxValue), firstLimit: 10, rowBudget: 25);

        var chunks = await DrainAsync(source);

        Assert.True(source.StoppedAtBudget);
        Assert.Equal(25, source.RowsRead);
        Assert.Equal([10, 15], calls);
        Assert.True(chunks[^1].Exhausted);
    }

    [Fact]
    public async Task Duration_buckets_are_read_newest_first_with_the_window_applied()
    {
        const long Hour = DurationBuckets.HourMicros;
        var t0 = DurationBuckets.ToMicros(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var read = new List<DateTimeOffset>();
        var buckets = new Dictionary<long, IndexEntry[]>
        {
            [t0] = [new IndexEntry(T(1), t0 - 1000), new IndexEntry(T(2), t0 + 5), new IndexEntry(T(1), t0 + 10)],
            [t0 + Hour] = [new IndexEntry(T(3), t0 + Hour - 60), new IndexEntry(T(4), t0 + (2 * Hour))],
        };
        var window = new SearchWindow(t0 - 2000, t0 + Hour + 1, 0, long.MaxValue);
        var source = new DurationCandidateSource(
            (bucket, limit, _) =>
            {
                read.Add(bucket);
                return new ValueTask<IReadOnlyList<IndexEntry>>(buckets.GetValueOrDefault(DurationBuckets.ToMicros(bucket), []));
            },
            window,
            rowBudget: 100,
            newestBucket: t0 + (10 * Hour),
            maxBuckets: 100);

        var chunks = await DrainAsync(source);

        Assert.Equal([DurationBuckets.FromMicros(t0 + Hour), DurationBuckets.FromMicros(t0)], read);
        Assert.Equal([new Candidate(T(3), t0 + Hour - 60)], chunks[0].Candidates); // trace 4 starts after the window
        Assert.Equal(t0 + (Hour / 2) - 1, chunks[0].Frontier);
        Assert.Equal([new Candidate(T(1), t0 + 10), new Candidate(T(2), t0 + 5)], chunks[1].Candidates);
        Assert.True(chunks[1].Exhausted);
    }
}
