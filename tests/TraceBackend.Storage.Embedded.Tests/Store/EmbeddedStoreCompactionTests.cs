using TraceBackend.Storage.Embedded.Tests.Wal;
using static TraceBackend.Storage.Embedded.Tests.Store.StoreTestData;

namespace TraceBackend.Storage.Embedded.Tests.Store;

public sealed class EmbeddedStoreCompactionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Compaction_merges_small_blocks_and_reads_stay_identical()
    {
        using var dir = new TempDirectory();
        await using var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        for (var i = 0; i < 8; i++)
        {
            await store.WriteAsync(Traces(i * 5, 5), Ct);
            // Duplicates across blocks (a client retry after a flush) must be merged away.
            await store.WriteAsync(Trace(i * 5), Ct);
            await store.FlushAsync(Ct);
        }

        Assert.Equal(8, store.Blocks.Count);
        var before = await SnapshotAsync(store, 40, Ct);

        await store.CompactAsync(Ct);

        var compacted = Assert.Single(store.Blocks);
        Assert.Equal(1, compacted.CompactionLevel);
        Assert.Equal(8, compacted.CompactedFrom.Count);
        Assert.Equal(120, compacted.SpanCount);
        Assert.Equal(40, compacted.TraceCount);
        Assert.Equal(before, await SnapshotAsync(store, 40, Ct));
        Assert.Single(Directory.GetDirectories(StoreFixture.BlocksPath(dir)));

        await store.DisposeAsync();
        await using var reopened = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        Assert.Equal(before, await SnapshotAsync(reopened, 40, Ct));
    }

    [Fact]
    public async Task Compaction_unites_fragments_of_one_trace_from_several_blocks()
    {
        using var dir = new TempDirectory();
        await using var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        var spans = Trace(1);
        foreach (var span in spans)
        {
            await store.WriteAsync([span], Ct);
            await store.FlushAsync(Ct);
        }

        await store.CompactAsync(Ct);

        Assert.Equal(3, Assert.Single(store.Blocks).SpanCount);
        var trace = Assert.Single(await store.GetTracesAsync([new TraceGetRequest(Id(1))], Ct));
        Conformance.SpanAssert.Equivalent(spans, trace.Spans);
        // Split into three fragments, the parent links were invisible to dependencies; merged, they count.
        var links = await store.GetDependenciesAsync(BaseTime.AddDays(1), TimeSpan.FromDays(2), Ct);
        Assert.Equal(["db:1", "svc-1:1"], links.Select(l => $"{l.Child}:{l.CallCount}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Compaction_groups_blocks_by_window_and_respects_the_size_limit()
    {
        using var dir = new TempDirectory();
        var options = StoreFixture.Options(dir) with { CompactionWindow = TimeSpan.FromHours(1), MaxCompactedBlockSpans = 6 };
        await using var store = await StoreFixture.OpenAsync(options);
        for (var i = 0; i < 3; i++)
        {
            await store.WriteAsync(Trace(i), Ct); // hour 0
            await store.FlushAsync(Ct);
            await store.WriteAsync(Trace(100 + i, BaseTime.AddHours(5).AddSeconds(i)), Ct); // hour 5
            await store.FlushAsync(Ct);
        }

        await store.CompactAsync(Ct);

        // Each window merges its two smallest blocks (6 spans, the limit) and keeps the third.
        var blocks = store.Blocks;
        Assert.Equal(4, blocks.Count);
        Assert.Equal(2, blocks.Count(b => b.CompactionLevel == 1 && b.SpanCount == 6));
        Assert.All(blocks, b => Assert.Equal(b.MinStartUnixNano / 3_600_000_000_000UL, b.MaxStartUnixNano / 3_600_000_000_000UL));
    }

    [Fact]
    public async Task Retention_deletes_blocks_whose_newest_span_is_too_old()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(BaseTime.AddHours(1));
        var options = StoreFixture.Options(dir) with { Retention = TimeSpan.FromHours(24), CompactionWindow = TimeSpan.FromMinutes(1) };
        await using var store = await StoreFixture.OpenAsync(options, time);
        await store.WriteAsync(Traces(0, 3), Ct); // starts at BaseTime + 0..2 s
        await store.FlushAsync(Ct);
        await store.WriteAsync([.. Enumerable.Range(10, 3).SelectMany(i => Trace(i, BaseTime.AddHours(20)))], Ct);
        await store.FlushAsync(Ct);

        await store.CompactAsync(Ct);
        Assert.Equal(2, store.Blocks.Count);

        time.Advance(TimeSpan.FromHours(24)); // now BaseTime + 25 h: the first block is past retention
        await store.CompactAsync(Ct);

        var kept = Assert.Single(store.Blocks);
        Assert.Equal(3, kept.TraceCount);
        Assert.Empty(await store.GetTracesAsync([new TraceGetRequest(Id(0))], Ct));
        Assert.Single(await store.GetTracesAsync([new TraceGetRequest(Id(10))], Ct));
        Assert.Single(Directory.GetDirectories(StoreFixture.BlocksPath(dir)));
    }

    [Fact]
    public async Task Zero_retention_keeps_everything()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(BaseTime.AddYears(10));
        await using var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir), time);
        await store.WriteAsync(Traces(0, 3), Ct);
        await store.FlushAsync(Ct);

        await store.CompactAsync(Ct);

        Assert.Single(store.Blocks);
    }
}
