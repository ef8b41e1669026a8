using System.Collections.Concurrent;
using TraceBackend.Model;
using TraceBackend.Storage;

namespace TraceBackend.Collector.Tests.Support;

/// <summary>
/// Test storage: records written spans and batch sizes; can be blocked (writes wait until unblocked or
/// cancelled) and can fail a number of upcoming writes.
/// </summary>
internal sealed class RecordingTraceWriter : ITraceWriter
{
    private readonly ConcurrentQueue<Span> _spans = new();
    private readonly ConcurrentQueue<int> _batches = new();
    private readonly SemaphoreSlim _writeStarted = new(0);
    private TaskCompletionSource? _gate;
    private int _failuresToInject;

    public IReadOnlyCollection<Span> Spans => _spans;

    public IReadOnlyList<int> BatchSizes => [.. _batches];

    public void Block() => Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Unblock() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    public void FailNextWrites(int count) => Volatile.Write(ref _failuresToInject, count);

    /// <summary>Waits until a write call has started (one per call of this method).</summary>
    public async Task WaitForWriteStartAsync()
    {
        Assert.True(await _writeStarted.WaitAsync(TimeSpan.FromSeconds(5)), "no storage write started");
    }

    public async ValueTask WriteAsync(IReadOnlyList<Span> spans, CancellationToken cancellationToken = default)
    {
        _writeStarted.Release();
        var gate = Volatile.Read(ref _gate);
        if (gate is not null)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        int remaining;
        do
        {
            remaining = Volatile.Read(ref _failuresToInject);
        }
        while (remaining > 0 && Interlocked.CompareExchange(ref _failuresToInject, remaining - 1, remaining) != remaining);

        if (remaining > 0)
        {
            throw new IOException("injected storage failure");
        }

        foreach (var span in spans)
        {
            _spans.Enqueue(span);
        }

        _batches.Enqueue(spans.Count);
    }
}
