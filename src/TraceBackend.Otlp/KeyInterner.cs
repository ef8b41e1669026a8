using System.Collections.Concurrent;

namespace TraceBackend.Otlp;

/// <summary>
/// A bounded pool of attribute keys, so the millions of stored spans share one string per distinct key.
/// Thread-safe. Once <see cref="MaxEntries"/> keys are pooled, new keys are returned as given (never
/// evicted: the pool stays small and a stable key set is the normal case). Long keys are never pooled.
/// </summary>
internal sealed class KeyInterner
{
    public const int DefaultMaxEntries = 4096;
    public const int MaxKeyLength = 128;

    private readonly ConcurrentDictionary<string, string> _pool = new(StringComparer.Ordinal);
    private int _count;

    public KeyInterner(int maxEntries = DefaultMaxEntries) => MaxEntries = maxEntries;

    public int MaxEntries { get; }

    public int Count => Volatile.Read(ref _count);

    public string Intern(string key)
    {
        if (key.Length == 0)
        {
            return "";
        }

        if (key.Length > MaxKeyLength)
        {
            return key;
        }

        if (_pool.TryGetValue(key, out var pooled))
        {
            return pooled;
        }

        if (Volatile.Read(ref _count) >= MaxEntries)
        {
            return key;
        }

        if (_pool.TryAdd(key, key))
        {
            Interlocked.Increment(ref _count);
            return key;
        }

        return _pool.TryGetValue(key, out pooled) ? pooled : key;
    }
}
