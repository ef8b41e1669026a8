using TraceBackend.Storage.Embedded.Wal;
using static TraceBackend.Storage.Embedded.Tests.Wal.WalTestData;

namespace TraceBackend.Storage.Embedded.Tests.Wal;

public sealed class WriteAheadLogTests
{
    [Theory]
    [InlineData(WalSyncMode.Always)]
    [InlineData(WalSyncMode.Interval)]
    [InlineData(WalSyncMode.None)]
    public async Task Appended_records_replay_in_order_after_reopen(WalSyncMode sync)
    {
        using var dir = new TempDirectory();
        var expected = new List<(long, byte[])>();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions { Sync = sync }))
        {
            Assert.Equal(WalFormat.FirstRecordIndex, log.NextIndex);
            Assert.Empty(await ReplayAllAsync(log));
            for (var i = 0; i < 50; i++)
            {
                var payload = Payload(i, i * 7); // includes an empty payload
                expected.Add((await log.AppendAsync(payload, TestContext.Current.CancellationToken), payload));
            }

            Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), expected.Select(e => e.Item1));
            Assert.Equal(51, log.NextIndex);
        }

        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions { Sync = sync }))
        {
            AssertRecords(expected, await ReplayAllAsync(log));
            Assert.Equal(51, log.NextIndex);
            Assert.Equal(51, await log.AppendAsync(Payload(99, 3), TestContext.Current.CancellationToken));
        }

        Assert.True(File.Exists(Path.Combine(dir.WalPath, "0000000000000001.seg")));
    }

    [Fact]
    public async Task Indexes_stay_monotonic_across_rotation_and_reopen()
    {
        using var dir = new TempDirectory();
        var expected = new List<(long, byte[])>();
        var ct = TestContext.Current.CancellationToken;
        for (var round = 0; round < 3; round++)
        {
            await using var log = await WriteAheadLog.OpenAsync(dir.Path, Small());
            AssertRecords(expected, await ReplayAllAsync(log));
            for (var i = 0; i < 20; i++)
            {
                var payload = Payload(round * 100 + i, 700);
                expected.Add((await log.AppendAsync(payload, ct), payload));
            }

            var segments = log.Segments;
            Assert.True(segments.Count > round + 1, $"expected rotation, got {segments.Count} segments");
            Assert.All(segments, s => Assert.True(s.Length <= WalOptions.MinSegmentBytes, $"segment {s.Sequence} is {s.Length} bytes"));
            Assert.True(segments[^1].IsActive);
            for (var s = 1; s < segments.Count; s++)
            {
                Assert.True(segments[s].Sequence > segments[s - 1].Sequence);
                Assert.Equal(segments[s - 1].FirstIndex + segments[s - 1].RecordCount, segments[s].FirstIndex);
            }
        }

        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), expected.Select(e => e.Item1));
    }

    [Fact]
    public async Task Oversized_record_gets_a_segment_of_its_own_and_too_large_is_rejected()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var options = new WalOptions { SegmentBytes = WalOptions.MinSegmentBytes, MaxRecordBytes = 10_000 };
        await using var log = await WriteAheadLog.OpenAsync(dir.Path, options);
        await log.AppendAsync(Payload(1, 10), ct);
        await log.AppendAsync(Payload(2, 10_000), ct);
        await log.AppendAsync(Payload(3, 10), ct);
        Assert.Equal([1L, 1L, 1L], log.Segments.Select(s => s.RecordCount));
        var ex = Assert.Throws<ArgumentException>(() => log.AppendAsync(new byte[10_001], ct));
        Assert.Contains("exceeds the maximum of 10000 bytes", ex.Message);
    }

    [Fact]
    public async Task DeleteSegmentsBefore_deletes_only_segments_wholly_below_the_index()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var expected = new List<(long, byte[])>();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small()))
        {
            for (var i = 0; i < 40; i++)
            {
                var payload = Payload(i, 500);
                expected.Add((await log.AppendAsync(payload, ct), payload));
            }

            var segments = log.Segments;
            Assert.True(segments.Count >= 4);
            var third = segments[2];

            // One below the third segment's first index: the second segment still holds that record.
            Assert.Equal(1, await log.DeleteSegmentsBeforeAsync(third.FirstIndex - 1));
            Assert.Equal(1, await log.DeleteSegmentsBeforeAsync(third.FirstIndex));
            Assert.False(File.Exists(segments[0].Path));
            Assert.False(File.Exists(segments[1].Path));
            Assert.True(File.Exists(third.Path));
            Assert.Equal(third.Sequence, log.Segments[0].Sequence);

            // Never the active segment, even when everything is below the index.
            await log.DeleteSegmentsBeforeAsync(long.MaxValue);
            Assert.Single(log.Segments);
            Assert.True(File.Exists(segments[^1].Path));
            Assert.Equal(41, await log.AppendAsync(Payload(41, 5), ct));
            expected.Add((41, Payload(41, 5)));
        }

        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small()))
        {
            var replayed = await ReplayAllAsync(log);
            var keptFrom = replayed[0].Index;
            AssertRecords(expected.Where(e => e.Item1 >= keptFrom).ToList(), replayed);
            Assert.Equal(42, log.NextIndex);
        }
    }

    [Fact]
    public async Task Concurrent_appends_share_fsyncs_and_keep_index_payload_pairs()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        const int appends = 600;
        var payloads = Enumerable.Range(0, appends).Select(i => Payload(i, 40 + i % 50)).ToArray();
        long[] indexes;
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions { SegmentBytes = 16 * 1024 }))
        {
            var syncsBefore = log.SyncCount;
            var tasks = payloads.Select(p => Task.Run(async () => await log.AppendAsync(p, ct), ct)).ToArray();
            indexes = await Task.WhenAll(tasks);
            var syncs = log.SyncCount - syncsBefore;
            Assert.True(syncs < appends / 4, $"{syncs} fsyncs for {appends} appends: no group commit");
            Assert.True(log.Segments.Count > 1);
        }

        Assert.Equal(Enumerable.Range(1, appends).Select(i => (long)i), indexes.Order());
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions { SegmentBytes = 16 * 1024 }))
        {
            var byIndex = indexes.Select((index, i) => (index, payloads[i])).OrderBy(e => e.index).ToList();
            AssertRecords(byIndex, await ReplayAllAsync(log));
        }
    }

    [Fact]
    public async Task Always_mode_acknowledges_only_after_the_fsync()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var files = new FaultInjectingFileSystem();
        await using var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions(), null, files, ct);
        using var gate = new SemaphoreSlim(0);
        files.FlushGate = gate;
        var first = log.AppendAsync(Payload(1, 10), ct).AsTask();
        await Task.Delay(100, ct);
        Assert.False(first.IsCompleted, "acknowledged before its fsync");

        // Appends arriving while the fsync is in progress form the next group: one more fsync for all of them.
        var flushesBefore = files.FlushCalls;
        var group = Enumerable.Range(2, 50).Select(i => log.AppendAsync(Payload(i, 10), ct).AsTask()).ToArray();
        gate.Release(1000);
        Assert.Equal(1, await first);
        var indexes = await Task.WhenAll(group);
        Assert.Equal(Enumerable.Range(2, 50).Select(i => (long)i), indexes);
        Assert.True(files.FlushCalls - flushesBefore <= 3, $"{files.FlushCalls - flushesBefore} fsyncs for one group");
        files.FlushGate = null;
    }

    [Fact]
    public async Task Interval_mode_syncs_in_the_background()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var options = new WalOptions { Sync = WalSyncMode.Interval, SyncInterval = TimeSpan.FromMilliseconds(20) };
        await using var log = await WriteAheadLog.OpenAsync(dir.Path, options);
        var before = log.SyncCount;
        await log.AppendAsync(Payload(1, 10), ct);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (log.SyncCount == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, ct);
        }

        Assert.True(log.SyncCount > before, "no background fsync within 5 s");
        var afterSync = log.SyncCount;
        await Task.Delay(100, ct);
        Assert.Equal(afterSync, log.SyncCount); // nothing written since: no more fsyncs
    }

    [Fact]
    public async Task Second_open_of_the_same_directory_is_refused_with_a_clear_message()
    {
        using var dir = new TempDirectory();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions()))
        {
            var ex = await Assert.ThrowsAsync<IOException>(() => WriteAheadLog.OpenAsync(dir.Path, new WalOptions()));
            Assert.Equal(
                $"data directory '{dir.Path}' is in use by another process (lock file {Path.Combine(dir.WalPath, "LOCK")})",
                ex.Message);
            await log.AppendAsync(Payload(1, 1), TestContext.Current.CancellationToken);
        }

        await using var reopened = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions());
        Assert.Single(await ReplayAllAsync(reopened));
    }

    [Fact]
    public async Task Append_after_dispose_throws()
    {
        using var dir = new TempDirectory();
        var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions());
        await log.DisposeAsync();
        await log.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => log.AppendAsync(new byte[1], TestContext.Current.CancellationToken));
    }
}
