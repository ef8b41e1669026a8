namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// All live traces in insertion order, as a circular buffer that grows on demand up to the store's trace
/// limit. Oldest out first (eviction); readable newest first (search without service, dependencies).
/// </summary>
internal sealed class TraceRing
{
    private const int InitialCapacity = 1024;

    private readonly int _maxCount;
    private TraceEntry?[] _items;
    private int _head;
    private int _count;

    public TraceRing(int maxCount)
    {
        _maxCount = maxCount;
        _items = new TraceEntry?[Math.Min(maxCount, InitialCapacity)];
    }

    public int Count => _count;

    public bool IsFull => _count == _maxCount;

    /// <summary>Adds the newest trace. The caller evicts first when <see cref="IsFull"/>.</summary>
    public void Add(TraceEntry entry)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("trace ring is full; evict the oldest trace first");
        }

        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) % _items.Length] = entry;
        _count++;
    }

    public TraceEntry RemoveOldest()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("trace ring is empty");
        }

        var entry = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) % _items.Length;
        _count--;
        return entry;
    }

    /// <summary>The <paramref name="index"/>-th newest trace: 0 is the newest, <see cref="Count"/> − 1 the oldest.</summary>
    public TraceEntry GetNewest(int index) => _items[(_head + _count - 1 - index) % _items.Length]!;

    private void Grow()
    {
        var grown = new TraceEntry?[(int)Math.Min((long)_items.Length * 2, _maxCount)];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _items[(_head + i) % _items.Length];
        }

        _items = grown;
        _head = 0;
    }
}
