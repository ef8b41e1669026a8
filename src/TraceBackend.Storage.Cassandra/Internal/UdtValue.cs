using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// A user-defined type value as <see cref="Session.ICassandraSession"/> binds it: a read-only dictionary from field
/// name to value that enumerates in the type's field order. The field names are one shared array per UDT type
/// (<see cref="FieldNames"/>, never modified); subclasses hold the values in whatever form is cheapest and return
/// field <c>i</c>'s bound value from <see cref="ValueAt"/>. Lookups compare names ordinally (UDTs have a handful of
/// fields, so a linear scan beats hashing). Immutable.
/// </summary>
internal abstract class UdtValue : IReadOnlyDictionary<string, object?>
{
    public int Count => FieldNames.Length;

    public IEnumerable<string> Keys => FieldNames;

    public IEnumerable<object?> Values
    {
        get
        {
            for (var i = 0; i < FieldNames.Length; i++)
            {
                yield return ValueAt(i);
            }
        }
    }

    /// <summary>The UDT's field names in declaration order.</summary>
    protected abstract string[] FieldNames { get; }

    public object? this[string key] => IndexOf(key) is var i and >= 0 ? ValueAt(i) : throw new KeyNotFoundException($"the UDT has no field '{key}'");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? ValueAt(i) : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        var names = FieldNames;
        for (var i = 0; i < names.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(names[i], ValueAt(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The bound value of field <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    protected abstract object? ValueAt(int index);

    private int IndexOf(string key)
    {
        var names = FieldNames;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
