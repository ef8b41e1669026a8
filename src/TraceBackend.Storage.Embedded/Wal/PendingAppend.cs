namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>One queued append: its payload (not copied; the caller keeps it unchanged until completion) and its
/// completion, which runs continuations asynchronously so the writer loop never runs caller code.</summary>
internal sealed class PendingAppend(ReadOnlyMemory<byte> payload)
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public Task<long> Task => _completion.Task;

    /// <summary>Index assigned once the record is written.</summary>
    public long Index { get; set; }

    public void Complete() => _completion.TrySetResult(Index);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
