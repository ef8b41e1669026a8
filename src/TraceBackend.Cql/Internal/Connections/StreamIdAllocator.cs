namespace TraceBackend.Cql.Internal.Connections;

/// <summary>
/// Hands out stream ids 0..capacity-1 (spec §2.3: non-negative [short]s). An id is in use from
/// <see cref="AcquireAsync"/> until <see cref="Release"/>; callers wait while all are in use. Freed ids are reused
/// last-in first-out.
/// </summary>
internal sealed class StreamIdAllocator
{
    private readonly Stack<short> _free;
    private readonly SemaphoreSlim _available;
    private readonly object _lock = new();

    public StreamIdAllocator(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 32768);
        Capacity = capacity;
        _free = new Stack<short>(capacity);
        for (var id = capacity - 1; id >= 0; id--)
        {
            _free.Push((short)id);
        }

        _available = new SemaphoreSlim(capacity, capacity);
    }

    public int Capacity { get; }

    public int InUse => Capacity - _available.CurrentCount;

    public async ValueTask<short> AcquireAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            return _free.Pop();
        }
    }

    public void Release(short id)
    {
        lock (_lock)
        {
            _free.Push(id);
        }

        _available.Release();
    }
}
