using TraceBackend.Model;

namespace TraceBackend.Collector.Pipeline;

/// <summary>One accepted submission; its task completes when all of its spans are written.</summary>
internal sealed class PendingBatch
{
    private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingBatch(IReadOnlyList<Span> spans) => Spans = spans;

    public IReadOnlyList<Span> Spans { get; }

    public int Count => Spans.Count;

    public Task Written => _written.Task;

    public void Complete() => _written.TrySetResult();

    public void Fail(Exception exception) => _written.TrySetException(exception);
}
