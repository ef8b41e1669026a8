using Microsoft.Extensions.Logging.Abstractions;
using TraceBackend.Otlp;
using TraceBackend.Collector.Pipeline;
using TraceBackend.Collector.Tests.Support;
using TraceBackend.Model;

namespace TraceBackend.Collector.Tests;

public sealed class IngestPipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);
    private static ulong s_nextSpan = 1;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly RecordingTraceWriter _writer = new();
    private readonly CollectorMetrics _metrics = new();
    private IngestPipeline? _pipeline;

    private IngestPipeline Start(int capacity = 100, int maxBatch = 50)
    {
        _pipeline = new IngestPipeline(
            _writer, new CollectorOptions { QueueCapacitySpans = capacity, MaxBatchSpans = maxBatch }, _metrics, NullLogger<IngestPipeline>.Instance);
        _pipeline.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return _pipeline;
    }

    private static IReadOnlyList<Span> Spans(int count)
    {
        var first = Interlocked.Add(ref s_nextSpan, (ulong)count) - (ulong)count;
        return new OtlpConverter().Convert(TestData.Request(count, first)).Spans;
    }

    private static Task Accept(IngestPipeline pipeline, IReadOnlyList<Span> spans)
    {
        Assert.Equal(SubmitStatus.Accepted, pipeline.TrySubmit(spans, out var written));
        return written;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _writer.Unblock();
        if (_pipeline is not null)
        {
            await _pipeline.StopAsync(CancellationToken.None);
            _pipeline.Dispose();
        }
    }

    [Fact]
    public async Task GroupsSubmissionsThatArriveDuringAWrite()
    {
        var pipeline = Start();
        _writer.Block();
        var a = Accept(pipeline, Spans(3));
        await _writer.WaitForWriteStartAsync();
        var b = Accept(pipeline, Spans(2));
        var c = Accept(pipeline, Spans(4));
        Assert.False(b.IsCompleted);

        _writer.Unblock();
        await Task.WhenAll(a, b, c).WaitAsync(s_timeout, Ct);

        Assert.Equal([3, 6], _writer.BatchSizes);
        Assert.Equal(9, _writer.Spans.Count);
        Assert.Equal(0, pipeline.QueuedSpans);
        Assert.Equal(9, _metrics.WrittenSpans);
    }

    [Fact]
    public async Task WritesAtMostMaxBatchSpansPerWriteAndSlicesLargeSubmissions()
    {
        var pipeline = Start(maxBatch: 5);
        _writer.Block();
        var first = Accept(pipeline, Spans(1));
        await _writer.WaitForWriteStartAsync();
        var large = Spans(12);
        var tasks = new[] { first, Accept(pipeline, Spans(3)), Accept(pipeline, Spans(3)), Accept(pipeline, large) };

        _writer.Unblock();
        await Task.WhenAll(tasks).WaitAsync(s_timeout, Ct);

        Assert.Equal([1, 3, 3, 5, 5, 2], _writer.BatchSizes);
        Assert.Equal(large.Select(s => s.SpanId), _writer.Spans.Skip(7).Select(s => s.SpanId));
    }

    [Fact]
    public async Task RefusesWhenFullThenRecovers()
    {
        var pipeline = Start(capacity: 10);
        _writer.Block();
        var a = Accept(pipeline, Spans(6));
        await _writer.WaitForWriteStartAsync();

        Assert.Equal(SubmitStatus.QueueFull, pipeline.TrySubmit(Spans(5), out _));
        var b = Accept(pipeline, Spans(4));
        Assert.Equal(10, pipeline.QueuedSpans);
        Assert.Equal(10, _metrics.QueueSpans);
        Assert.Equal(SubmitStatus.QueueFull, pipeline.TrySubmit(Spans(1), out _));

        _writer.Unblock();
        await Task.WhenAll(a, b).WaitAsync(s_timeout, Ct);
        Assert.Equal(0, pipeline.QueuedSpans);

        await Accept(pipeline, Spans(5)).WaitAsync(s_timeout, Ct);
        Assert.Equal(15, _writer.Spans.Count);
    }

    [Fact]
    public async Task AcceptsOneOversizedSubmissionOnlyWhenEmpty()
    {
        var pipeline = Start(capacity: 10, maxBatch: 100);
        _writer.Block();
        var big = Accept(pipeline, Spans(25));
        await _writer.WaitForWriteStartAsync();

        Assert.Equal(SubmitStatus.QueueFull, pipeline.TrySubmit(Spans(1), out _));

        _writer.Unblock();
        await big.WaitAsync(s_timeout, Ct);
        Assert.Equal(25, _writer.Spans.Count);
    }

    [Fact]
    public async Task StopRefusesNewSpansAndDrainsEverythingAccepted()
    {
        var pipeline = Start(capacity: 1000, maxBatch: 7);
        _writer.Block();
        var tasks = Enumerable.Range(0, 20).Select(_ => Accept(pipeline, Spans(3))).ToList();
        await _writer.WaitForWriteStartAsync();

        var stop = pipeline.StopAsync(CancellationToken.None);
        Assert.Equal(SubmitStatus.ShuttingDown, pipeline.TrySubmit(Spans(1), out _));
        Assert.False(stop.IsCompleted);

        _writer.Unblock();
        await stop.WaitAsync(s_timeout, Ct);

        Assert.All(tasks, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal(60, _writer.Spans.Count);
        Assert.All(_writer.BatchSizes, size => Assert.True(size <= 7));
        Assert.Equal(0, pipeline.QueuedSpans);
    }

    [Fact]
    public async Task AbortedStopFaultsWhatWasNotWritten()
    {
        var pipeline = Start();
        _writer.Block();
        var a = Accept(pipeline, Spans(2));
        await _writer.WaitForWriteStartAsync();
        var b = Accept(pipeline, Spans(2));

        using var expired = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await pipeline.StopAsync(expired.Token);

        await Assert.ThrowsAsync<IngestAbortedException>(() => a.WaitAsync(s_timeout, Ct));
        await Assert.ThrowsAsync<IngestAbortedException>(() => b.WaitAsync(s_timeout, Ct));
        Assert.Empty(_writer.Spans);
        Assert.Equal(0, pipeline.QueuedSpans);
    }

    [Fact]
    public async Task StorageFailureFaultsTheGroupAndTheConsumerKeepsRunning()
    {
        var pipeline = Start();
        _writer.FailNextWrites(1);

        var failed = Accept(pipeline, Spans(4));
        var ex = await Assert.ThrowsAsync<IOException>(() => failed.WaitAsync(s_timeout, Ct));
        Assert.Equal("injected storage failure", ex.Message);
        Assert.Equal(1, _metrics.WriteFailures);
        Assert.Equal(0, pipeline.QueuedSpans);

        await Accept(pipeline, Spans(2)).WaitAsync(s_timeout, Ct);
        Assert.Equal(2, _writer.Spans.Count);
    }

    [Fact]
    public async Task EmptySubmissionCompletesAtOnce()
    {
        var pipeline = Start();
        var written = Accept(pipeline, []);
        Assert.True(written.IsCompletedSuccessfully);
        await written;
        Assert.Empty(_writer.BatchSizes);
    }
}
