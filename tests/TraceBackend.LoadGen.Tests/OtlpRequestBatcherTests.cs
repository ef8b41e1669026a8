using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;
using TraceBackend.LoadGen.Tests.Support;

namespace TraceBackend.LoadGen.Tests;

public sealed class OtlpRequestBatcherTests
{
    private static readonly DateTimeOffset s_now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(100)]
    [InlineData(500)]
    [InlineData(100_000)]
    public void RequestsNeverExceedTheLimitAndPreserveEverySpan(int maxSpans)
    {
        var traces = new HotRodTraceGenerator(3, new HotRodGeneratorOptions { LargeTraceRatio = 0.1 })
            .Generate(40, s_now, TimeSpan.FromMilliseconds(10)).ToList();
        var expectedIds = traces.SelectMany(t => SpanView.Of(t.ResourceSpans)).Select(v => v.Span.SpanId).ToList();
        var expectedPerTrace = traces.ToDictionary(t => t.TraceId, t => t.SpanCount);

        var batches = OtlpRequestBatcher.Pack(traces, maxSpans);

        var total = expectedIds.Count;
        Assert.Equal((total + maxSpans - 1) / maxSpans, batches.Count);
        Assert.All(batches.SkipLast(1), b => Assert.Equal(maxSpans, b.SpanCount));
        Assert.InRange(batches[^1].SpanCount, 1, maxSpans);

        var actualPerTrace = new Dictionary<string, int>();
        var actualIds = new List<Google.Protobuf.ByteString>();
        foreach (var batch in batches)
        {
            var spans = SpanView.Of(batch.Request.ResourceSpans);
            Assert.Equal(batch.SpanCount, spans.Count);
            Assert.Equal(batch.SpanCount, batch.Traces.Sum(t => t.SpanCount));
            Assert.Equal(batch.Traces.Count, batch.Traces.Select(t => t.TraceId).Distinct().Count());
            foreach (var part in batch.Traces)
            {
                Assert.Equal(part.SpanCount, spans.Count(s => Convert.ToHexStringLower(s.Span.TraceId.Span) == part.TraceId));
                actualPerTrace[part.TraceId] = actualPerTrace.GetValueOrDefault(part.TraceId) + part.SpanCount;
            }

            // One ResourceSpans per resource within a request.
            Assert.Equal(batch.Request.ResourceSpans.Count, batch.Request.ResourceSpans.Select(r => r.Resource).Distinct(ReferenceEqualityComparer.Instance).Count());
            actualIds.AddRange(spans.Select(s => s.Span.SpanId));
        }

        Assert.Equal(expectedPerTrace, actualPerTrace);
        Assert.Equal(expectedIds.Order(Comparer<Google.Protobuf.ByteString>.Create(Compare)), actualIds.Order(Comparer<Google.Protobuf.ByteString>.Create(Compare)));
    }

    [Fact]
    public void LargeTraceIsSplitAcrossConsecutiveRequests()
    {
        var trace = new HotRodTraceGenerator(4, new HotRodGeneratorOptions { LargeTraceRatio = 1 }).Next(s_now);
        var batches = OtlpRequestBatcher.Pack([trace], 100);
        Assert.Equal((trace.SpanCount + 99) / 100, batches.Count);
        Assert.All(batches, b => Assert.Equal(trace.TraceId, Assert.Single(b.Traces).TraceId));
        Assert.Equal(trace.SpanCount, batches.Sum(b => b.Traces[0].SpanCount));
    }

    [Fact]
    public void FlushReturnsNullWhenNothingIsPending()
    {
        var batcher = new OtlpRequestBatcher(10);
        Assert.Null(batcher.Flush());
        Assert.Throws<ArgumentOutOfRangeException>(() => new OtlpRequestBatcher(0));
    }

    private static int Compare(Google.Protobuf.ByteString? x, Google.Protobuf.ByteString? y) =>
        x!.Span.SequenceCompareTo(y!.Span);
}
