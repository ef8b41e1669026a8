using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.Connections;

/// <summary>
/// A request waiting for its reply. States: waiting → done (reply or failure), or waiting → abandoned (the caller
/// timed out or was cancelled) → done when the late reply arrives. Its stream id stays reserved until done.
/// </summary>
internal sealed class PendingRequest
{
    private const int Waiting = 0;
    private const int Abandoned = 1;
    private const int Done = 2;

    private readonly TaskCompletionSource<CqlFrame> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public Task<CqlFrame> Task => _completion.Task;

    /// <summary>Delivers the reply; false when the caller had already abandoned the request (a late reply).</summary>
    public bool Complete(CqlFrame frame)
    {
        var previous = Interlocked.Exchange(ref _state, Done);
        _completion.TrySetResult(frame);
        return previous != Abandoned;
    }

    public void Fail(Exception exception)
    {
        if (Interlocked.Exchange(ref _state, Done) == Abandoned)
        {
            _completion.TrySetCanceled();
        }
        else
        {
            _completion.TrySetException(exception);
        }
    }

    /// <summary>Marks the request as given up by its caller; false when it was already done.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;
}
