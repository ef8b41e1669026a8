using System.Collections;
using System.Runtime.CompilerServices;
using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.Values;

/// <summary>Collections, maps, UDTs and tuples of <see cref="CqlValueEncoder"/> (spec §6.11–6.13, §6.20, §7).</summary>
internal static partial class CqlValueEncoder
{
    private static void WriteCollection(CqlWriteBuffer buffer, CqlType type, IEnumerable items, string name)
    {
        var countAt = buffer.Reserve(4);
        var count = 0;
        foreach (var item in items)
        {
            if (item is null)
            {
                ThrowHelper.ThrowBind(name, type, $"element {count} is null; collections cannot hold null");
            }

            WriteValue(buffer, type.ElementType!, item, $"{name}[{count}]");
            count++;
        }

        buffer.PatchInt(countAt, count);
    }

    private static void WriteMap(CqlWriteBuffer buffer, CqlType type, object value, string name)
    {
        var countAt = buffer.Reserve(4);
        var count = 0;
        foreach (var (key, item) in MapEntries(value, type, name))
        {
            if (key is null || item is null)
            {
                ThrowHelper.ThrowBind(name, type, "map keys and values cannot be null");
            }

            WriteValue(buffer, type.KeyType!, key, $"{name} key");
            WriteValue(buffer, type.ValueType!, item, $"{name}[{key}]");
            count++;
        }

        buffer.PatchInt(countAt, count);
    }

    private static IEnumerable<(object? Key, object? Value)> MapEntries(object value, CqlType type, string name)
    {
        switch (value)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    yield return (entry.Key, entry.Value);
                }

                break;
            case IEnumerable<KeyValuePair<object, object?>> pairs:
                foreach (var pair in pairs)
                {
                    yield return (pair.Key, pair.Value);
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var pair in pairs)
                {
                    yield return (pair.Key, pair.Value);
                }

                break;
            default:
                ThrowHelper.ThrowBindType(name, type, value);
                break;
        }
    }

    private static void WriteUdt(CqlWriteBuffer buffer, CqlType type, object value, string name)
    {
        var fields = type.Fields;
        var values = new object?[fields.Count];
        foreach (var (key, item) in UdtEntries(value, type, name))
        {
            var index = FieldIndex(fields, key);
            if (index < 0)
            {
                ThrowHelper.ThrowBind(name, type, $"the UDT has no field '{key}'");
            }

            values[index] = item;
        }

        for (var i = 0; i < fields.Count; i++)
        {
            WriteValue(buffer, fields[i].Type, values[i], $"{name}.{fields[i].Name}");
        }
    }

    private static IEnumerable<(string Key, object? Value)> UdtEntries(object value, CqlType type, string name)
    {
        if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var pair in pairs)
            {
                yield return (pair.Key, pair.Value);
            }

            yield break;
        }

        foreach (DictionaryEntry entry in (IDictionary)value)
        {
            if (entry.Key is not string key)
            {
                ThrowHelper.ThrowBind(name, type, "UDT values are dictionaries keyed by field name (string)");
                yield break;
            }

            yield return (key, entry.Value);
        }
    }

    private static void WriteTuple(CqlWriteBuffer buffer, CqlType type, object value, string name)
    {
        var length = value is ITuple tuple ? tuple.Length : ((IReadOnlyList<object?>)value).Count;
        if (length > type.TupleTypes.Count)
        {
            ThrowHelper.ThrowBind(name, type, $"{length} components given, the tuple has {type.TupleTypes.Count}");
        }

        for (var i = 0; i < type.TupleTypes.Count; i++)
        {
            var item = i >= length ? null : value is ITuple t ? t[i] : ((IReadOnlyList<object?>)value)[i];
            WriteValue(buffer, type.TupleTypes[i], item, $"{name}.{i}");
        }
    }

    private static int FieldIndex(IReadOnlyList<CqlUdtField> fields, string key)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
