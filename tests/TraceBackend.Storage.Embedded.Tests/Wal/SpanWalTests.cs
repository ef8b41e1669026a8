using TraceBackend.Otlp.Tests.Support;
using Microsoft.Extensions.Logging;
using TraceBackend.Model;
using TraceBackend.Otlp;
using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Wal;

public sealed class SpanWalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batches_replay_field_by_field_after_reopen()
    {
        using var dir = new TempDirectory();
        var batches = SpanWalTestData.HotRod(seed: 11);
        batches.Insert(1, SpanWalTestData.Warned(1));
        batches.Add(SpanWalTestData.Warned(2));
        batches.Add([]);
        var options = new WalOptions { SegmentBytes = 64 * 1024 };
        var indexes = new List<long>();
        await using (var wal = await SpanWal.OpenAsync(dir.Path, options))
        {
            foreach (var batch in batches)
            {
                indexes.Add(await wal.AppendAsync(batch, Ct));
            }

            Assert.True(wal.Log.Segments.Count > 1, "small segments: the batches span several files");
        }

        Assert.Equal(indexes.Order(), indexes);
        Assert.Equal(indexes.Count, indexes.Distinct().Count());

        var logger = new CapturingLogger();
        await using (var wal = await SpanWal.OpenAsync(dir.Path, options, logger))
        {
            var replayed = await ReplayAllAsync(wal);
            Assert.Equal(indexes, replayed.Select(b => b.Index));
            for (var i = 0; i < batches.Count; i++)
            {
                ConversionAssert.Equal(batches[i], replayed[i].Spans, sameInstances: false);
            }

            Assert.Equal(0, wal.SkippedRecordCount);
            Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
            Assert.Contains(replayed.SelectMany(b => b.Spans), s => s.Warnings.Length == 3);
        }
    }

    [Fact]
    public async Task Concurrent_appends_all_replay_under_their_indexes()
    {
        using var dir = new TempDirectory();
        const int Tasks = 6, PerTask = 15;
        var appended = new System.Collections.Concurrent.ConcurrentDictionary<long, IReadOnlyList<Span>>();
        await using (var wal = await SpanWal.OpenAsync(dir.Path, new WalOptions { SegmentBytes = 16 * 1024 }))
        {
            await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
            {
                for (var i = 0; i < PerTask; i++)
                {
                    var batch = SpanWalTestData.Warned((ulong)((t * PerTask) + i + 1));
                    Assert.True(appended.TryAdd(await wal.AppendAsync(batch, Ct), batch));
                }
            }, Ct)));
        }

        Assert.Equal(Tasks * PerTask, appended.Count);
        await using (var wal = await SpanWal.OpenAsync(dir.Path, new WalOptions()))
        {
            var replayed = await ReplayAllAsync(wal);
            Assert.Equal(appended.Keys.Order(), replayed.Select(b => b.Index));
            foreach (var batch in replayed)
            {
                ConversionAssert.Equal(appended[batch.Index], batch.Spans, sameInstances: false);
            }
        }
    }

    [Fact]
    public async Task A_record_that_is_not_a_span_batch_is_logged_and_skipped()
    {
        using var dir = new TempDirectory();
        var first = SpanWalTestData.Warned(1);
        var last = SpanWalTestData.Warned(2);
        long badIndex;
        await using (var log = await WriteAheadLog.OpenAsync(dir.Path, new WalOptions()))
        {
            await log.AppendAsync(OtlpProtobufEncoder.Encode(first, includeWarnings: true), Ct);

            // Intact record (valid CRC), but field 1 claims 5 bytes and only 1 follows: not OTLP.
            badIndex = await log.AppendAsync(new byte[] { 0x0A, 0x05, 0x01 }, Ct);
            await log.AppendAsync(OtlpProtobufEncoder.Encode(last, includeWarnings: true), Ct);
        }

        var logger = new CapturingLogger();
        await using var wal = await SpanWal.OpenAsync(dir.Path, new WalOptions(), logger);
        var replayed = await ReplayAllAsync(wal);
        Assert.Equal([badIndex - 1, badIndex + 1], replayed.Select(b => b.Index));
        ConversionAssert.Equal(first, replayed[0].Spans, sameInstances: false);
        ConversionAssert.Equal(last, replayed[1].Spans, sameInstances: false);
        Assert.Equal(1, wal.SkippedRecordCount);
        var error = Assert.Single(logger.At(LogLevel.Error));
        Assert.Contains($"record {badIndex} ", error);
        Assert.Contains("skipped", error);

        // The log stays usable after the skip.
        Assert.Equal(badIndex + 2, await wal.AppendAsync(first, Ct));
    }

    [Fact]
    public async Task A_torn_tail_after_the_last_batch_keeps_the_earlier_batches()
    {
        using var dir = new TempDirectory();
        var batches = new[] { SpanWalTestData.Warned(1), SpanWalTestData.Warned(2), SpanWalTestData.Warned(3) };
        string segmentPath;
        await using (var wal = await SpanWal.OpenAsync(dir.Path, new WalOptions()))
        {
            foreach (var batch in batches)
            {
                await wal.AppendAsync(batch, Ct);
            }

            segmentPath = Assert.Single(wal.Log.Segments).Path;
        }

        // Cut the last record in half, as a crash during its write would.
        var lastRecordBytes = WalFormat.RecordHeaderSize + OtlpProtobufEncoder.Encode(batches[^1], includeWarnings: true).Length;
        await using (var file = new FileStream(segmentPath, FileMode.Open, FileAccess.ReadWrite))
        {
            file.SetLength(file.Length - (lastRecordBytes / 2));
        }

        var logger = new CapturingLogger();
        await using (var wal = await SpanWal.OpenAsync(dir.Path, new WalOptions(), logger))
        {
            var replayed = await ReplayAllAsync(wal);
            Assert.Equal(2, replayed.Count);
            ConversionAssert.Equal(batches[0], replayed[0].Spans, sameInstances: false);
            ConversionAssert.Equal(batches[1], replayed[1].Spans, sameInstances: false);
            Assert.Contains(logger.At(LogLevel.Warning), m => m.Contains("torn tail truncated"));
            Assert.Equal(0, wal.SkippedRecordCount);
        }
    }

    [Fact]
    public async Task An_oversized_batch_is_rejected_and_the_buffer_stays_usable()
    {
        using var dir = new TempDirectory();
        var small = SpanWalTestData.Warned(1);
        var large = SpanWalTestData.HotRod(seed: 3, traces: 10, maxSpans: 1000)[0];
        var limit = OtlpProtobufEncoder.Encode(small, includeWarnings: true).Length + 16;
        Assert.True(OtlpProtobufEncoder.Encode(large, includeWarnings: true).Length > limit);
        await using (var wal = await SpanWal.OpenAsync(dir.Path, new WalOptions { MaxRecordBytes = limit }))
        {
            await Assert.ThrowsAsync<ArgumentException>(async () => await wal.AppendAsync(large, Ct));
            await wal.AppendAsync(small, Ct);
            await Assert.ThrowsAsync<ArgumentException>(async () => await wal.AppendAsync([null!], Ct));
        }

        await using (var wal = await SpanWal.OpenAsync(dir.Path, new WalOptions()))
        {
            var replayed = Assert.Single(await ReplayAllAsync(wal));
            ConversionAssert.Equal(small, replayed.Spans, sameInstances: false);
        }
    }

    [Fact]
    public async Task Deleting_batches_before_an_index_removes_only_sealed_segments_below_it()
    {
        using var dir = new TempDirectory();
        var options = new WalOptions { SegmentBytes = WalOptions.MinSegmentBytes };
        var indexes = new List<long>();
        await using (var wal = await SpanWal.OpenAsync(dir.Path, options))
        {
            for (var i = 1; i <= 40; i++)
            {
                indexes.Add(await wal.AppendAsync(SpanWalTestData.Warned((ulong)i), Ct));
            }

            var segments = wal.Log.Segments;
            Assert.True(segments.Count > 2);
            var keepFrom = segments[2].FirstIndex;
            Assert.Equal(2, await wal.DeleteBatchesBeforeAsync(keepFrom));
            Assert.Equal(segments[2].Path, wal.Log.Segments[0].Path);
        }

        await using (var wal = await SpanWal.OpenAsync(dir.Path, options))
        {
            var replayed = await ReplayAllAsync(wal);
            Assert.Equal(indexes.Where(i => i >= replayed[0].Index), replayed.Select(b => b.Index));
            Assert.True(replayed[0].Index > indexes[0]);
        }
    }

    private static async Task<List<SpanWalBatch>> ReplayAllAsync(SpanWal wal)
    {
        var batches = new List<SpanWalBatch>();
        await foreach (var batch in wal.ReplayAsync(Ct))
        {
            batches.Add(batch);
        }

        return batches;
    }
}
