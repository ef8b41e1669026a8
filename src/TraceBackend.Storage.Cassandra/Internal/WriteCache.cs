namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The set of recently written keys (service names, operations) whose rows need not be written again: an entry
/// counts for <c>ttl</c> after it was added (Jaeger's write cache TTL), at most <c>capacity</c> entries are kept and
/// the least recently used one is evicted first. Unlike Jaeger's, a key is added only after its row was written, so a
/// failed write is retried with the next span. A zero TTL disables the cache. Thread-safe (one lock; the set is small
/// and operations are O(1)).
/// </summary>
internal sealed class WriteCache<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, long Expires)>> _entries = [];
    private readonly LinkedList<(TKey Key, long Expires)> _recency = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly long _ttlTicks;
    private readonly TimeProvider _time;

    public WriteCache(int capacity, TimeSpan ttl, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _ttlTicks = ttl.Ticks;
        _time = time;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>True when the key was added less than the TTL ago (and not evicted); marks it recently used.</summary>
    public bool Contains(TKey key)
    {
        if (_ttlTicks == 0)
        {
            return false;
        }

        var now = _time.GetUtcNow().UtcTicks;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return false;
            }

            if (node.Value.Expires <= now)
            {
                _recency.Remove(node);
                _entries.Remove(key);
                return false;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return true;
        }
    }

    /// <summary>Records that the key's row was written now.</summary>
    public void Add(TKey key)
    {
        if (_ttlTicks == 0)
        {
            return;
        }

        var expires = _time.GetUtcNow().UtcTicks + _ttlTicks;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
                existing.Value = (key, expires);
                _recency.AddFirst(existing);
                return;
            }

            if (_entries.Count >= _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            _entries.Add(key, _recency.AddFirst((key, expires)));
        }
    }
}
