using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace TraceBackend.Cql;

/// <summary>
/// A decoded user-defined-type value: a read-only dictionary from field name to value that enumerates in the type's
/// field order. Fields the server did not send (spec §7 allows fewer values than fields) read as null.
/// </summary>
public sealed class CqlUdtValue : IReadOnlyDictionary<string, object?>
{
    private readonly object?[] _values;

    internal CqlUdtValue(CqlType type, object?[] values)
    {
        Type = type;
        _values = values;
    }

    public CqlType Type { get; }

    public int Count => _values.Length;

    public IEnumerable<string> Keys => Type.Fields.Select(f => f.Name);

    public IEnumerable<object?> Values => _values;

    public object? this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"UDT {Type} has no field '{key}'");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(Type.Fields[i].Name, _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        "{" + string.Join(", ", this.Select(kv => kv.Key + ": " + (kv.Value ?? "null"))) + "}";

    private int IndexOf(string key)
    {
        for (var i = 0; i < Type.Fields.Count; i++)
        {
            if (string.Equals(Type.Fields[i].Name, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
