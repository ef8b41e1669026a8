using Microsoft.Extensions.Logging;
using TraceBackend.Storage.Embedded.Wal;
using static TraceBackend.Storage.Embedded.Tests.Wal.WalTestData;

namespace TraceBackend.Storage.Embedded.Tests.Wal;

public sealed class WalFailureTests
{
    [Theory]
    [InlineData(WalSyncMode.Always)]
    [InlineData(WalSyncMode.None)]
    public async Task A_failed_write_faults_the_appender_rolls_back_and_the_log_stays_usable(WalSyncMode sync)
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var files = new FaultInjectingFileSystem();
        var logger = new CapturingLogger();
        var expected = new List<(long, byte[])>();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions { Sync = sync }, logger, files, ct))
        {
            for (var i = 0; i < 2; i++)
            {
                var payload = Payload(i, 100);
                expected.Add((await log.AppendAsync(payload, ct), payload));
            }

            var lengthBefore = log.Segments[^1].Length;
            files.FailNextWrite(new IOException("No space left on device"));
            var ex = await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Payload(9, 100), ct));
            Assert.Equal("write-ahead log append failed: No space left on device", ex.Message);
            Assert.Contains(logger.At(LogLevel.Error), m => m.Contains("rolled back"));
            Assert.Equal(lengthBefore, new FileInfo(log.Segments[^1].Path).Length);
            Assert.Equal(3, log.NextIndex);

            var next = Payload(3, 100);
            Assert.Equal(3, await log.AppendAsync(next, ct));
            expected.Add((3, next));
        }

        var reopenLogger = new CapturingLogger();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions(), reopenLogger))
        {
            AssertRecords(expected, await ReplayAllAsync(log));
            Assert.DoesNotContain(reopenLogger.Entries, e => e.Level >= LogLevel.Warning);
        }
    }

    [Fact]
    public async Task A_failed_fsync_puts_the_log_in_a_failed_state_until_restart()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var files = new FaultInjectingFileSystem();
        var logger = new CapturingLogger();
        var expected = new List<(long, byte[])>();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions(), logger, files, ct))
        {
            var payload = Payload(1, 10);
            expected.Add((await log.AppendAsync(payload, ct), payload));
            files.FailNextFlush(new IOException("Input/output error"));
            var ex = await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Payload(2, 10), ct));
            Assert.Equal("write-ahead log append failed: Input/output error", ex.Message);
            Assert.Contains(logger.At(LogLevel.Critical), m => m.Contains("refuses further appends"));

            var refused = await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Payload(3, 10), ct));
            Assert.StartsWith("write-ahead log is unusable after a failed fsync of", refused.Message);
            Assert.Contains("Input/output error", refused.Message);
            Assert.Contains("restart the process", refused.Message);
        }

        // After a restart what is on disk is recovered; the acknowledged record is certainly there.
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions()))
        {
            var replayed = await ReplayAllAsync(log);
            AssertRecords(expected, replayed.Take(1).ToList());
            Assert.InRange(replayed.Count, 1, 2);
            Assert.Equal(replayed.Count + 1, await log.AppendAsync(Payload(4, 4), ct));
        }
    }

    [Fact]
    public async Task A_failed_background_fsync_in_interval_mode_refuses_later_appends()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var files = new FaultInjectingFileSystem();
        var options = new WalOptions { Sync = WalSyncMode.Interval, SyncInterval = TimeSpan.FromMilliseconds(10) };
        await using var log = await WriteAheadLog.OpenAsync(dir.Path, options, null, files, ct);
        files.FailNextFlush(new IOException("Input/output error"));
        Assert.Equal(1, await log.AppendAsync(Payload(1, 10), ct)); // acknowledged after the write, before any fsync
        var deadline = DateTime.UtcNow.AddSeconds(5);
        IOException? refused = null;
        while (refused is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, ct);
            try
            {
                await log.AppendAsync(Payload(2, 10), ct);
            }
            catch (IOException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.StartsWith("write-ahead log is unusable after a failed fsync of", refused.Message);
    }

    [Fact]
    public async Task A_failed_rotation_faults_the_appender_and_a_later_append_rotates()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var files = new FaultInjectingFileSystem();
        var expected = new List<(long, byte[])>();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small(), null, files, ct))
        {
            var payload = Payload(1, 3000);
            expected.Add((await log.AppendAsync(payload, ct), payload));

            // The next record needs a new segment; writing its header fails (the file is removed again).
            files.FailNextWrite(new IOException("No space left on device"));
            var ex = await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(Payload(2, 3000), ct));
            Assert.Equal("write-ahead log append failed: No space left on device", ex.Message);
            Assert.Single(log.Segments);
            Assert.Equal(["0000000000000001.seg", "LOCK"], Directory.GetFiles(dir.WalPath).Select(Path.GetFileName).Order());

            payload = Payload(3, 3000);
            expected.Add((await log.AppendAsync(payload, ct), payload));
            Assert.Equal(2, log.Segments.Count);
        }

        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small()))
        {
            AssertRecords(expected, await ReplayAllAsync(log));
            Assert.Equal([1L, 2L], expected.Select(e => e.Item1));
        }
    }
}
