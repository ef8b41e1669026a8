using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TraceBackend.Otlp;

/// <summary>
/// A growable buffer used as a stack of open lists: a list starts at <see cref="Count"/>, appends its items,
/// and <see cref="Pop"/> copies them out into an exactly-sized array and truncates back to its start. Nested
/// lists (an attribute's kvlist inside a span's attributes) start after their parent's items and end first,
/// so lists of any depth share one buffer. Not thread-safe; reused across requests.
/// </summary>
internal sealed class ScratchStack<T>
{
    private T[] _items = new T[64];

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    public void Push(T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = item;
    }

    /// <summary>The items of the list started at <paramref name="start"/>, still on the stack.</summary>
    public ReadOnlySpan<T> Peek(int start) => _items.AsSpan(start, Count - start);

    /// <summary>Removes the list started at <paramref name="start"/> and returns its items (empty: the shared empty array).</summary>
    public ImmutableArray<T> Pop(int start)
    {
        var length = Count - start;
        if (length == 0)
        {
            return [];
        }

        var array = new T[length];
        Array.Copy(_items, start, array, 0, length);
        Truncate(start);
        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    /// <summary>Drops items above <paramref name="start"/> (also clears references so pooled scratch does not keep them alive).</summary>
    public void Truncate(int start)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_items, start, Count - start);
        }

        Count = start;
    }
}
