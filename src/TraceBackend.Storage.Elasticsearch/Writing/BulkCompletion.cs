using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Writing;

/// <summary>
/// The outcome of one write call's bulk items, which may travel in several <c>_bulk</c> requests. <see cref="Task"/>
/// completes when every item is resolved: successfully when all were stored, otherwise with
/// <see cref="ElasticsearchUnavailableException"/> when some item failed for a retryable reason (the caller may retry
/// the whole call) or <see cref="ElasticsearchException"/> when the cluster refused an item for good. Thread-safe.
/// </summary>
internal sealed class BulkCompletion
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _total;
    private int _remaining;
    private int _failed;
    private Exception? _firstError;
    private Exception? _firstUnavailable;

    public Task Task => _done.Task;

    /// <summary>An item already failed as unavailable, so the call fails whatever its other items do.</summary>
    public bool Abandoned => Volatile.Read(ref _firstUnavailable) is not null;

    /// <summary>Sets the item count; called once, before any item is handed to the indexer.</summary>
    public void Expect(int items)
    {
        _total = items;
        _remaining = items;
        if (items == 0)
        {
            _done.TrySetResult();
        }
    }

    public void Succeeded() => Resolve();

    public void Failed(Exception error)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.CompareExchange(ref _firstError, error, null);
        if (error is ElasticsearchUnavailableException)
        {
            Interlocked.CompareExchange(ref _firstUnavailable, error, null);
        }

        Resolve();
    }

    private void Resolve()
    {
        if (Interlocked.Decrement(ref _remaining) != 0)
        {
            return;
        }

        var failed = Volatile.Read(ref _failed);
        if (failed == 0)
        {
            _done.TrySetResult();
            return;
        }

        var summary = $"{failed} of {_total} bulk item(s) were not stored";
        if (Volatile.Read(ref _firstUnavailable) is { } unavailable)
        {
            _done.TrySetException(new ElasticsearchUnavailableException($"{summary}: {unavailable.Message}", unavailable));
        }
        else
        {
            var first = Volatile.Read(ref _firstError)!;
            var status = first is ElasticsearchException es ? es.StatusCode : 0;
            _done.TrySetException(new ElasticsearchException($"{summary}: {first.Message}", status));
        }
    }
}
