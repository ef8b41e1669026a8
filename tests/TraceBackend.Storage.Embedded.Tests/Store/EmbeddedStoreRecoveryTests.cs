using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Tests.Wal;
using static TraceBackend.Storage.Embedded.Tests.Store.StoreTestData;

namespace TraceBackend.Storage.Embedded.Tests.Store;

public sealed class EmbeddedStoreRecoveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_keeps_head_only_data()
    {
        using var dir = new TempDirectory();
        string before;
        await using (var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir)))
        {
            await store.WriteAsync(Traces(0, 20), Ct);
            before = await SnapshotAsync(store, 20, Ct);
            Assert.Empty(store.Blocks);
        }

        await using var reopened = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        Assert.Equal(before, await SnapshotAsync(reopened, 20, Ct));
        Assert.Equal(60, reopened.HeadSpanCount);
    }

    [Fact]
    public async Task Restart_keeps_flushed_data_and_replays_nothing_already_in_blocks()
    {
        using var dir = new TempDirectory();
        string before;
        await using (var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir)))
        {
            await store.WriteAsync(Traces(0, 10), Ct);
            await store.WriteAsync(Traces(10, 10), Ct);
            await store.FlushAsync(Ct);
            before = await SnapshotAsync(store, 20, Ct);
        }

        await using var reopened = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        Assert.Equal(before, await SnapshotAsync(reopened, 20, Ct));
        Assert.Equal(0, reopened.HeadSpanCount);
        Assert.Equal(0, reopened.ReplayedBatches);
        Assert.Single(reopened.Blocks);
    }

    [Fact]
    public async Task Restart_keeps_mixed_head_and_block_data_including_split_traces()
    {
        using var dir = new TempDirectory();
        string before;
        await using (var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir)))
        {
            await store.WriteAsync(Traces(0, 10), Ct);
            await store.FlushAsync(Ct);
            await store.WriteAsync(Traces(10, 10), Ct);
            // Trace 3 gets a late span after its first fragment was flushed: one fragment in a block, one in the head.
            var late = Trace(3)[0];
            await store.WriteAsync([new Model.Span { TraceId = late.TraceId, SpanId = new Model.SpanId(0xabc), ParentSpanId = late.SpanId, Name = "late", StartTimeUnixNano = late.StartTimeUnixNano + 5, EndTimeUnixNano = late.StartTimeUnixNano + 9, Resource = late.Resource }], Ct);
            before = await SnapshotAsync(store, 20, Ct);
        }

        await using var reopened = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        Assert.Equal(before, await SnapshotAsync(reopened, 20, Ct));
        Assert.Equal(2, reopened.ReplayedBatches);
        Assert.Equal(31, reopened.HeadSpanCount);
        var trace3 = Assert.Single(await reopened.GetTracesAsync([new TraceGetRequest(Id(3))], Ct));
        Assert.Equal(4, trace3.Spans.Count);
    }

    [Fact]
    public async Task Flush_deletes_wal_segments_below_the_checkpoint()
    {
        using var dir = new TempDirectory();
        var options = StoreFixture.Options(dir) with { WalSegmentBytes = 4096 };
        await using var store = await StoreFixture.OpenAsync(options);
        for (var i = 0; i < 40; i++)
        {
            await store.WriteAsync(Trace(i), Ct);
        }

        var segmentsBefore = store.WalLog.Segments.Count;
        Assert.True(segmentsBefore > 1, $"expected several WAL segments, got {segmentsBefore}");

        await store.FlushAsync(Ct);

        Assert.Single(store.WalLog.Segments);
        Assert.Equal(store.WalLog.NextIndex, Assert.Single(store.Blocks).WalCheckpoint);
        Assert.Equal(120, (await store.GetTracesAsync([.. Enumerable.Range(0, 40).Select(i => new TraceGetRequest(Id(i)))], Ct)).Sum(t => t.Spans.Count));
    }

    [Fact]
    public async Task Checkpoint_stays_below_traces_left_in_the_head()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(BaseTime);
        var options = StoreFixture.Options(dir) with { TraceIdlePeriod = TimeSpan.FromSeconds(10), FlushCheckInterval = TimeSpan.FromMilliseconds(20) };
        await using (var store = await StoreFixture.OpenAsync(options, time))
        {
            await store.WriteAsync(Trace(0), Ct); // record 1: idle, cut by the flush loop
            time.Advance(TimeSpan.FromSeconds(8));
            await store.WriteAsync(Trace(1), Ct); // record 2: still active, stays in the head
            time.Advance(TimeSpan.FromSeconds(3));
            await WaitUntilAsync(() => store.Blocks.Count == 1);

            var block = Assert.Single(store.Blocks);
            Assert.Equal(1, block.TraceCount);
            Assert.Equal(3, store.HeadSpanCount);
            Assert.True(block.WalCheckpoint <= 2, $"checkpoint {block.WalCheckpoint} passes the head trace's record");
        }

        await using var reopened = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        Assert.Equal(1, reopened.ReplayedBatches);
        Assert.Equal(3, reopened.HeadSpanCount);
        Assert.Equal(2, (await reopened.GetTracesAsync([new TraceGetRequest(Id(0)), new TraceGetRequest(Id(1))], Ct)).Count);
    }

    [Fact]
    public async Task Corrupt_wal_tail_loses_only_the_torn_batch()
    {
        using var dir = new TempDirectory();
        await using (var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir)))
        {
            for (var i = 0; i < 5; i++)
            {
                await store.WriteAsync(Trace(i), Ct);
            }
        }

        var segment = Directory.GetFiles(dir.WalPath, "*.seg").Order(StringComparer.Ordinal).Last();
        await using (var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite))
        {
            file.SetLength(file.Length - 7); // tear the last record
        }

        await using var reopened = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        var traces = await reopened.GetTracesAsync([.. Enumerable.Range(0, 5).Select(i => new TraceGetRequest(Id(i)))], Ct);
        Assert.Equal([Id(0), Id(1), Id(2), Id(3)], traces.Select(t => t.TraceId));
        await reopened.WriteAsync(Trace(4), Ct);
        Assert.Equal(15, reopened.HeadSpanCount);
    }

    [Fact]
    public async Task Corrupt_block_is_quarantined_and_the_rest_is_served()
    {
        using var dir = new TempDirectory();
        await using (var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir)))
        {
            await store.WriteAsync(Traces(0, 5), Ct);
            await store.FlushAsync(Ct);
            await store.WriteAsync(Traces(5, 5), Ct);
            await store.FlushAsync(Ct);
        }

        var blocks = Directory.GetDirectories(StoreFixture.BlocksPath(dir));
        Assert.Equal(2, blocks.Length);
        var victim = blocks.Single(b => IsBlockOf(b, Id(0)));
        var data = Path.Combine(victim, BlockFormat.DataFileName);
        File.WriteAllBytes(data, [.. File.ReadAllBytes(data).Take(100)]);

        await using var reopened = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        Assert.Single(reopened.Blocks);
        Assert.True(Directory.Exists(victim + BlockFormat.CorruptSuffix), "the corrupt block is kept for inspection");
        var traces = await reopened.GetTracesAsync([.. Enumerable.Range(0, 10).Select(i => new TraceGetRequest(Id(i)))], Ct);
        Assert.Equal(Enumerable.Range(5, 5).Select(Id), traces.Select(t => t.TraceId));
    }

    [Fact]
    public async Task Second_open_of_the_same_directory_is_refused_with_a_clear_message()
    {
        using var dir = new TempDirectory();
        await using var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir));

        var ex = await Assert.ThrowsAsync<IOException>(() => StoreFixture.OpenAsync(StoreFixture.Options(dir)));

        Assert.Contains("in use by another process", ex.Message);
        Assert.Contains(dir.Path, ex.Message);
        await store.WriteAsync(Trace(0), Ct); // the first store is unaffected
    }

    [Fact]
    public async Task Invalid_options_are_rejected_naming_the_setting()
    {
        using var dir = new TempDirectory();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => StoreFixture.OpenAsync(StoreFixture.Options(dir) with { MaxHeadSpans = 0 }));
        Assert.Contains("maximum head spans", ex.Message);
    }

    private static bool IsBlockOf(string blockDirectory, Model.TraceId traceId)
    {
        using var block = Block.Open(blockDirectory);
        return block.Meta.MinTraceId.CompareTo(traceId) <= 0 && block.Meta.MaxTraceId.CompareTo(traceId) >= 0;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            await Task.Delay(10, Ct);
        }
    }
}
