using TraceBackend.Storage.Embedded.Tests.Wal;
using static TraceBackend.Storage.Embedded.Tests.Store.StoreTestData;

namespace TraceBackend.Storage.Embedded.Tests.Store;

public sealed class EmbeddedStoreFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wal_append_failure_fails_the_write_and_stores_nothing()
    {
        using var dir = new TempDirectory();
        var fail = 0;
        var options = StoreFixture.Options(dir) with
        {
            WalAppendFault = () =>
            {
                if (Interlocked.Exchange(ref fail, 0) == 1)
                {
                    throw new IOException("write-ahead log append failed: No space left on device");
                }
            },
        };
        await using var store = await StoreFixture.OpenAsync(options);
        Volatile.Write(ref fail, 1);

        var ex = await Assert.ThrowsAsync<IOException>(async () => await store.WriteAsync(Trace(0), Ct));

        Assert.Contains("embedded store: write-ahead log append failed", ex.Message);
        Assert.Contains("No space left on device", ex.Message);
        Assert.Empty(await store.GetTracesAsync([new TraceGetRequest(Id(0))], Ct));
        Assert.Equal(0, store.HeadSpanCount);

        await store.WriteAsync(Trace(0), Ct); // the retry succeeds
        Assert.Single(await store.GetTracesAsync([new TraceGetRequest(Id(0))], Ct));
    }

    [Fact]
    public async Task Block_write_failure_keeps_traces_in_the_head_then_refuses_writes_past_twice_the_limit()
    {
        using var dir = new TempDirectory();
        var diskFull = 1;
        var options = StoreFixture.Options(dir) with
        {
            MaxHeadSpans = 30,
            BlockWriteFault = () =>
            {
                if (Volatile.Read(ref diskFull) == 1)
                {
                    throw new IOException("No space left on device");
                }
            },
        };
        await using var store = await StoreFixture.OpenAsync(options);
        await store.WriteAsync(Traces(0, 10), Ct);

        var flush = await Assert.ThrowsAsync<IOException>(() => store.FlushAsync(Ct));
        Assert.Contains("No space left on device", flush.Message);
        Assert.Empty(store.Blocks);
        Assert.Equal(30, store.HeadSpanCount);
        Assert.Equal(10, (await store.FindTracesAsync(Window(), Ct)).Count);

        // Up to twice the limit the head keeps accepting; beyond it writes are refused (backpressure).
        await store.WriteAsync(Traces(10, 11), Ct);
        Assert.Equal(63, store.HeadSpanCount);
        var refused = await Assert.ThrowsAsync<IOException>(async () => await store.WriteAsync(Trace(30), Ct));
        Assert.Equal("embedded store: head full because blocks cannot be written: No space left on device", refused.Message);

        // The disk recovers: the next flush writes everything and writes are accepted again.
        Volatile.Write(ref diskFull, 0);
        await store.FlushAsync(Ct);
        Assert.Equal(0, store.HeadSpanCount);
        await store.WriteAsync(Trace(30), Ct);
        Assert.Equal(22, (await store.FindTracesAsync(Window(), Ct)).Count);
    }

    [Fact]
    public async Task A_write_into_a_head_over_twice_its_limit_waits_for_the_flusher_to_make_room()
    {
        using var dir = new TempDirectory();
        var options = StoreFixture.Options(dir) with { MaxHeadSpans = 30 };
        await using var store = await StoreFixture.OpenAsync(options);
        await store.WriteAsync(Traces(0, 21), Ct);
        Assert.Equal(63, store.HeadSpanCount);
        Assert.Empty(store.Blocks);

        // No trace is idle and the periodic check is an hour away: only the waiting writer's signal flushes.
        await store.WriteAsync(Trace(21), Ct);

        Assert.NotEmpty(store.Blocks);
        Assert.True(store.HeadSpanCount <= 30, $"head holds {store.HeadSpanCount} spans");
        Assert.Equal(22, (await store.FindTracesAsync(Window(), Ct)).Count);
    }

    [Fact]
    public async Task A_write_fails_with_a_clear_error_when_no_head_room_appears_in_time()
    {
        using var dir = new TempDirectory();
        using var release = new ManualResetEventSlim(false);
        var options = StoreFixture.Options(dir) with
        {
            MaxHeadSpans = 30,
            HeadRoomWait = TimeSpan.FromMilliseconds(300),
            BlockWriteFault = () => release.Wait(TimeSpan.FromSeconds(20)), // a disk that stalls
        };
        await using var store = await StoreFixture.OpenAsync(options);
        await store.WriteAsync(Traces(0, 21), Ct);

        var ex = await Assert.ThrowsAsync<IOException>(async () => await store.WriteAsync(Trace(21), Ct));

        Assert.Contains("over twice its limit of 30", ex.Message);
        Assert.Contains("retry later", ex.Message);
        Assert.Empty(await store.GetTracesAsync([new TraceGetRequest(Id(21))], Ct));
        release.Set();
        await EmbeddedStoreRecoveryTests.WaitUntilAsync(() => store.HeadSpanCount <= 30);
        await store.WriteAsync(Trace(21), Ct); // the retry succeeds once the disk catches up
        Assert.Equal(22, (await store.FindTracesAsync(Window(), Ct)).Count);
    }

    [Fact]
    public async Task Background_flush_retries_after_a_block_write_failure()
    {
        using var dir = new TempDirectory();
        var failures = 2;
        var options = StoreFixture.Options(dir) with
        {
            FlushCheckInterval = TimeSpan.FromMilliseconds(20),
            TraceIdlePeriod = TimeSpan.FromMilliseconds(1),
            BlockWriteFault = () =>
            {
                if (Interlocked.Decrement(ref failures) >= 0)
                {
                    throw new IOException("disk unavailable");
                }
            },
        };
        await using var store = await StoreFixture.OpenAsync(options);
        await store.WriteAsync(Traces(0, 5), Ct);

        await EmbeddedStoreRecoveryTests.WaitUntilAsync(() => store.Blocks.Count == 1);

        Assert.True(Volatile.Read(ref failures) < 0);
        Assert.Equal(0, store.HeadSpanCount);
        Assert.Equal(5, (await store.FindTracesAsync(Window(), Ct)).Count);
    }

    [Fact]
    public async Task Writes_after_dispose_are_refused()
    {
        using var dir = new TempDirectory();
        var store = await StoreFixture.OpenAsync(StoreFixture.Options(dir));
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.WriteAsync(Trace(0), Ct));
        await store.DisposeAsync(); // idempotent
    }
}
