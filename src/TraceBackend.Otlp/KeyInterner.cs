using System.Collections.Concurrent;
using System.Text;

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

    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public KeyInterner(int maxEntries = DefaultMaxEntries)
    {
        MaxEntries = maxEntries;
        _byChars = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
    }

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

    /// <summary>
    /// <see cref="Intern(string)"/> of a key given as UTF-8, which the caller has already validated; a pooled
    /// key is found without allocating.
    /// </summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
        {
            return "";
        }

        // A UTF-8 key of more than 3 bytes per allowed char is too long for the pool whatever it holds.
        if (utf8.Length > MaxKeyLength * 3)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxKeyLength * 3];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        var key = chars[..length];
        if (length <= MaxKeyLength && _byChars.TryGetValue(key, out var pooled))
        {
            return pooled;
        }

        return Intern(new string(key));
    }
}
