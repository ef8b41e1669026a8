using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Compaction;

namespace TraceBackend.Storage.Embedded.Tests.Store;

public sealed class CompactionPlannerTests
{
    private const ulong Hour = 3_600_000_000_000UL;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    [Fact]
    public void An_open_window_waits_for_four_blocks()
    {
        var three = Blocks(hour: 10, 100, 100, 100);
        Assert.Empty(Plan(three, max: 1_000, closedBefore: 10 * Hour));

        var four = Blocks(hour: 10, 100, 100, 100, 100);
        var group = Assert.Single(Plan(four, max: 1_000, closedBefore: 10 * Hour));
        Assert.Equal(4, group.Count);
    }

    [Fact]
    public void An_open_window_does_not_rewrite_a_big_block_for_a_little_new_data()
    {
        var blocks = Blocks(hour: 10, 50_000, 100, 100, 100, 100);

        var group = Assert.Single(Plan(blocks, max: 1_000_000, closedBefore: 10 * Hour));

        Assert.Equal([100L, 100, 100, 100], group.Select(b => b.SpanCount));
    }

    [Fact]
    public void A_closed_window_merges_any_two_within_the_limit_and_leaves_full_blocks_alone()
    {
        var blocks = Blocks(hour: 3, 1_000, 50_000, 400, 600);

        var group = Assert.Single(Plan(blocks, max: 1_500, closedBefore: 5 * Hour));

        // 400 + 600 fit the limit of 1,500; adding 1,000 would exceed it; 50,000 is over the limit already.
        Assert.Equal([400L, 600], group.Select(b => b.SpanCount));
        Assert.Empty(Plan(Blocks(hour: 3, 5_000, 6_000), max: 5_000, closedBefore: 5 * Hour));
    }

    [Fact]
    public void Windows_are_planned_separately()
    {
        var blocks = Blocks(hour: 1, 10, 10).Concat(Blocks(hour: 2, 10, 10, 10, 10)).Concat(Blocks(hour: 7, 10, 10)).ToList();

        var groups = Plan(blocks, max: 1_000, closedBefore: 3 * Hour);

        // Hours 1 and 2 are closed (two suffice); hour 7 is open with only two blocks.
        Assert.Equal(2, groups.Count);
        Assert.All(groups[0], b => Assert.Equal(1UL, b.MinStartUnixNano / Hour));
        Assert.Equal(4, groups[1].Count);
    }

    private static List<List<BlockMeta>> Plan(IReadOnlyList<BlockMeta> blocks, long max, ulong closedBefore) =>
        CompactionPlanner.Plan(blocks, static m => m, Window, max, closedBefore);

    private static List<BlockMeta> Blocks(ulong hour, params long[] spanCounts) =>
        [.. spanCounts.Select((count, i) => Meta(hour * Hour + ((ulong)i * 1_000_000_000UL), count))];

    private static BlockMeta Meta(ulong minStart, long spans) => new()
    {
        Format = BlockFormat.Name,
        BlockId = Guid.NewGuid(),
        CreatedAt = DateTimeOffset.UnixEpoch.AddTicks((long)(minStart / 100)),
        MinStartUnixNano = minStart,
        MaxStartUnixNano = minStart + 1,
        MaxEndUnixNano = minStart + 2,
        MinTraceId = new TraceId(0, 1),
        MaxTraceId = new TraceId(0, 2),
        TraceCount = 1,
        SpanCount = spans,
        DataBytes = 1,
        Services = [],
        Dependencies = [],
    };
}
