using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.JaegerModel;

/// <summary>
/// The attribute-map semantics the OpenTelemetry Collector's jaeger translator relies on (pdata <c>Map</c>):
/// <see cref="Put"/> of an existing key replaces its value in place, so of duplicate tags the last value wins
/// at the first key's position. Unlike pdata (which moves the last entry into a removed slot),
/// <see cref="Remove"/> keeps the order of the others. Reusable: <see cref="Clear"/> between uses. Not thread-safe.
/// </summary>
internal sealed class AttributeMap
{
    // Linear lookups up to this many entries; beyond, a key → index dictionary is kept.
    private const int IndexThreshold = 16;

    private readonly List<KeyValue> _items = [];
    private Dictionary<string, int>? _index;
    private bool _indexed;

    public int Count => _items.Count;

    public void Clear()
    {
        _items.Clear();
        _index?.Clear();
        _indexed = false;
    }

    public void Put(string key, AttributeValue value)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            _items[i] = new KeyValue(_items[i].Key, value);
            return;
        }

        _items.Add(new KeyValue(key, value));
        if (_indexed)
        {
            _index![key] = _items.Count - 1;
        }
        else if (_items.Count > IndexThreshold)
        {
            BuildIndex();
        }
    }

    public bool TryGet(string key, out AttributeValue value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _items[i].Value : default;
        return i >= 0;
    }

    public bool Contains(string key) => IndexOf(key) >= 0;

    public bool Remove(string key)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        _items.RemoveAt(i);
        if (_indexed)
        {
            BuildIndex();
        }

        return true;
    }

    public ImmutableArray<KeyValue> ToImmutableArray() => _items.Count == 0 ? [] : [.. _items];

    public KeyValue[] ToArray() => [.. _items];

    private int IndexOf(string key)
    {
        if (_indexed)
        {
            return _index!.TryGetValue(key, out var i) ? i : -1;
        }

        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private void BuildIndex()
    {
        _index ??= new Dictionary<string, int>(StringComparer.Ordinal);
        _index.Clear();
        for (var i = 0; i < _items.Count; i++)
        {
            _index[_items[i].Key] = i;
        }

        _indexed = true;
    }
}
