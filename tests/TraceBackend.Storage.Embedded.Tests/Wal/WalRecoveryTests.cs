using Microsoft.Extensions.Logging;
using TraceBackend.Storage.Embedded.Wal;
using static TraceBackend.Storage.Embedded.Tests.Wal.WalTestData;

namespace TraceBackend.Storage.Embedded.Tests.Wal;

public sealed class WalRecoveryTests
{
    private const int LastPayloadLength = 37;

    /// <summary>Writes three records to a fresh log; returns the segment bytes and the offset of the last record.</summary>
    private static async Task<(byte[] Segment, int LastRecordOffset, List<(long, byte[])> Records)> ThreeRecordsAsync()
    {
        using var dir = new TempDirectory();
        var records = new List<(long, byte[])>();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions()))
        {
            foreach (var (seed, length) in new[] { (1, 10), (2, 20), (3, LastPayloadLength) })
            {
                var payload = Payload(seed, length);
                records.Add((await log.AppendAsync(payload, TestContext.Current.CancellationToken), payload));
            }
        }

        var bytes = await File.ReadAllBytesAsync(Path.Combine(dir.WalPath, WalFormat.SegmentFileName(1)), TestContext.Current.CancellationToken);
        return (bytes, bytes.Length - WalFormat.RecordHeaderSize - LastPayloadLength, records);
    }

    /// <summary>Opens a log whose only segment holds <paramref name="segment"/>; asserts the torn tail handling.</summary>
    private static async Task AssertTornTailRecoveredAsync(byte[] segment, int lastRecordOffset, List<(long, byte[])> records, string because)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.WalPath);
        var path = Path.Combine(dir.WalPath, WalFormat.SegmentFileName(1));
        await File.WriteAllBytesAsync(path, segment, TestContext.Current.CancellationToken);
        var logger = new CapturingLogger();
        var kept = records.Take(2).ToList();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions(), logger))
        {
            AssertRecords(kept, await ReplayAllAsync(log));
            Assert.True(logger.At(LogLevel.Warning).Any(m => m.Contains("torn tail truncated")), because);
            Assert.Empty(logger.At(LogLevel.Error));
            Assert.Equal(lastRecordOffset, new FileInfo(path).Length);
            var payload = Payload(50, 12);
            Assert.Equal(3, await log.AppendAsync(payload, TestContext.Current.CancellationToken));
            kept.Add((3, payload));
        }

        var cleanLogger = new CapturingLogger();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions(), cleanLogger))
        {
            AssertRecords(kept, await ReplayAllAsync(log));
            Assert.DoesNotContain(cleanLogger.Entries, e => e.Level >= LogLevel.Warning);
        }
    }

    [Fact]
    public async Task Truncation_at_every_offset_inside_the_last_record_keeps_the_records_before_it()
    {
        var (segment, lastOffset, records) = await ThreeRecordsAsync();
        for (var cut = lastOffset + 1; cut < segment.Length; cut++)
        {
            await AssertTornTailRecoveredAsync(segment[..cut], lastOffset, records, $"cut at {cut}");
        }
    }

    [Fact]
    public async Task A_flipped_byte_anywhere_in_the_last_record_is_detected()
    {
        var (segment, lastOffset, records) = await ThreeRecordsAsync();
        for (var position = lastOffset; position < segment.Length; position++)
        {
            foreach (var mask in new byte[] { 0x01, 0xFF })
            {
                var corrupt = (byte[])segment.Clone();
                corrupt[position] ^= mask;
                await AssertTornTailRecoveredAsync(corrupt, lastOffset, records, $"byte {position} ^ {mask:X2}");
            }
        }
    }

    [Fact]
    public async Task A_zero_filled_tail_is_truncated()
    {
        var (segment, _, records) = await ThreeRecordsAsync();
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.WalPath);
        var path = Path.Combine(dir.WalPath, WalFormat.SegmentFileName(1));
        await File.WriteAllBytesAsync(path, [.. segment, .. new byte[4096]], TestContext.Current.CancellationToken);
        var logger = new CapturingLogger();
        await using var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions(), logger);
        AssertRecords(records, await ReplayAllAsync(log));
        Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("record CRC mismatch"));
        Assert.Equal(segment.Length, new FileInfo(path).Length);
    }

    [Fact]
    public async Task A_last_segment_with_a_torn_header_is_deleted()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var expected = new List<(long, byte[])>();
        string lastPath;
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small()))
        {
            while (log.Segments.Count < 2)
            {
                var payload = Payload(expected.Count, 900);
                expected.Add((await log.AppendAsync(payload, ct), payload));
            }

            lastPath = log.Segments[^1].Path;
        }

        // A crash while creating the segment: only part of its header reached the disk.
        expected.RemoveAt(expected.Count - 1);
        await File.WriteAllBytesAsync(lastPath, (await File.ReadAllBytesAsync(lastPath, ct))[..10], ct);
        var logger = new CapturingLogger();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small(), logger))
        {
            AssertRecords(expected, await ReplayAllAsync(log));
            Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("segment header truncated"));
            Assert.Equal(expected.Count + 1, await log.AppendAsync(Payload(7, 7), ct));
        }
    }

    [Fact]
    public async Task Corruption_in_a_sealed_segment_stops_replay_and_sets_files_aside()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var expected = new List<(long, byte[])>();
        IReadOnlyList<WalSegmentInfo> segments;
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small()))
        {
            while (log.Segments.Count < 4)
            {
                var payload = Payload(expected.Count, 500);
                expected.Add((await log.AppendAsync(payload, ct), payload));
            }

            segments = log.Segments;
        }

        // Flip a payload byte of the second record of the second segment.
        var second = segments[1];
        var bytes = await File.ReadAllBytesAsync(second.Path, ct);
        bytes[WalFormat.HeaderSize + WalFormat.RecordSize(500) + WalFormat.RecordHeaderSize + 3] ^= 0x40;
        await File.WriteAllBytesAsync(second.Path, bytes, ct);
        var lastAssigned = expected[^1].Item1;
        var kept = expected.Where(e => e.Item1 <= second.FirstIndex).ToList();

        var logger = new CapturingLogger();
        long newIndex;
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small(), logger))
        {
            AssertRecords(kept, await ReplayAllAsync(log));
            Assert.Contains(logger.At(LogLevel.Error), m => m.Contains("is corrupt (record CRC mismatch") && m.Contains("replay stops there"));
            Assert.True(File.Exists(second.Path + ".corrupt"));
            Assert.Equal(WalFormat.HeaderSize + WalFormat.RecordSize(500), new FileInfo(second.Path).Length); // intact prefix
            foreach (var later in segments.Skip(2))
            {
                Assert.True(File.Exists(later.Path + ".unreplayed"));
            }

            Assert.Equal(lastAssigned + 1, log.NextIndex); // indexes of set-aside records are never reused
            newIndex = await log.AppendAsync(Payload(1000, 5), ct);
            Assert.Equal(lastAssigned + 1, newIndex);
            Assert.True(log.Segments[^1].Sequence > segments[^1].Sequence);
        }

        kept.Add((newIndex, Payload(1000, 5)));
        var cleanLogger = new CapturingLogger();
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small(), cleanLogger))
        {
            AssertRecords(kept, await ReplayAllAsync(log));
            Assert.DoesNotContain(cleanLogger.Entries, e => e.Level >= LogLevel.Warning);
        }
    }

    [Fact]
    public async Task A_sealed_segment_with_a_bad_header_is_set_aside()
    {
        using var dir = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        IReadOnlyList<WalSegmentInfo> segments;
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, Small()))
        {
            while (log.Segments.Count < 3)
            {
                await log.AppendAsync(Payload(1, 500), ct);
            }

            segments = log.Segments;
        }

        var bytes = await File.ReadAllBytesAsync(segments[0].Path, ct);
        bytes[0] = (byte)'X';
        await File.WriteAllBytesAsync(segments[0].Path, bytes, ct);
        var logger = new CapturingLogger();
        await using var reopened = await WriteAheadLog.OpenAsync(dir.Path, Small(), logger);
        Assert.Empty(await ReplayAllAsync(reopened));
        Assert.Contains(logger.At(LogLevel.Error), m => m.Contains("bad magic"));
        Assert.True(File.Exists(segments[0].Path + ".corrupt"));
        Assert.True(reopened.NextIndex > segments[^1].FirstIndex);
    }
}
