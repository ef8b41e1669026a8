using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Parquet;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>Reader side of one attribute list (<see cref="BlockSchema.AttributeFields"/>), walked entry by entry.</summary>
internal sealed class AttributeColumns : IDisposable
{
    private readonly LeafColumn<ReadOnlyMemory<char>> _key;
    private readonly LeafColumn<ReadOnlyMemory<char>> _string;
    private readonly LeafColumn<long> _int;
    private readonly LeafColumn<double> _double;
    private readonly LeafColumn<bool> _bool;
    private readonly LeafColumn<ReadOnlyMemory<byte>> _bytes;
    private readonly LeafColumn<ReadOnlyMemory<byte>> _complex;
    private readonly int _entryDefinition;
    private readonly int _depth;

    private AttributeColumns(
        BlockSchema.AttributeFields fields,
        LeafColumn<ReadOnlyMemory<char>> key,
        LeafColumn<ReadOnlyMemory<char>> s,
        LeafColumn<long> i,
        LeafColumn<double> d,
        LeafColumn<bool> b,
        LeafColumn<ReadOnlyMemory<byte>> bytes,
        LeafColumn<ReadOnlyMemory<byte>> complex)
    {
        _key = key;
        _string = s;
        _int = i;
        _double = d;
        _bool = b;
        _bytes = bytes;
        _complex = complex;
        _entryDefinition = fields.Key.MaxDefinitionLevel;
        _depth = fields.Key.MaxRepetitionLevel;
        if (new[] { s.LevelCount, i.LevelCount, d.LevelCount, b.LevelCount, bytes.LevelCount, complex.LevelCount }.Any(n => n != key.LevelCount))
        {
            throw new InvalidDataException($"the columns of '{fields.List.Name}' have different lengths");
        }
    }

    public static async ValueTask<AttributeColumns> ReadAsync(ParquetRowGroupReader rowGroup, BlockSchema.AttributeFields fields, CancellationToken cancellationToken)
    {
        var key = await LeafColumn<ReadOnlyMemory<char>>.ReadAsync(rowGroup, fields.Key, cancellationToken).ConfigureAwait(false);
        var s = await LeafColumn<ReadOnlyMemory<char>>.ReadAsync(rowGroup, fields.String, cancellationToken).ConfigureAwait(false);
        var i = await LeafColumn<long>.ReadAsync(rowGroup, fields.Int, cancellationToken).ConfigureAwait(false);
        var d = await LeafColumn<double>.ReadAsync(rowGroup, fields.Double, cancellationToken).ConfigureAwait(false);
        var b = await LeafColumn<bool>.ReadAsync(rowGroup, fields.Bool, cancellationToken).ConfigureAwait(false);
        var bytes = await LeafColumn<ReadOnlyMemory<byte>>.ReadAsync(rowGroup, fields.Bytes, cancellationToken).ConfigureAwait(false);
        var complex = await LeafColumn<ReadOnlyMemory<byte>>.ReadAsync(rowGroup, fields.Complex, cancellationToken).ConfigureAwait(false);
        return new AttributeColumns(fields, key, s, i, d, b, bytes, complex);
    }

    /// <summary>
    /// Reads the list at the current position: one entry, then every following entry at this list's depth. An entry
    /// below the entry definition level is an empty list (or an empty enclosing list). With
    /// <paramref name="materialize"/> false the entries are only skipped.
    /// </summary>
    public ImmutableArray<KeyValue> Read(bool materialize, ReadCache cache)
    {
        var definitions = _key.Definitions;
        var repetitions = _key.Repetitions;
        var start = _key.Position;
        if (start >= _key.LevelCount)
        {
            throw new InvalidDataException("attribute column ends before its row");
        }

        if (definitions[start] < _entryDefinition)
        {
            _key.Position = start + 1;
            return [];
        }

        var end = start + 1;
        while (end < _key.LevelCount && repetitions[end] == _depth)
        {
            end++;
        }

        _key.Position = end;
        var count = end - start;
        if (!materialize)
        {
            _key.ValueIndex += count;
            Skip(_string, start, end);
            Skip(_int, start, end);
            Skip(_double, start, end);
            Skip(_bool, start, end);
            Skip(_bytes, start, end);
            Skip(_complex, start, end);
            return [];
        }

        var result = new KeyValue[count];
        var keys = _key.Values;
        for (var p = start; p < end; p++)
        {
            var key = cache.String(keys[_key.ValueIndex++].Span);
            result[p - start] = new KeyValue(key, ReadValue(p, cache));
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    private AttributeValue ReadValue(int p, ReadCache cache)
    {
        var value = AttributeValue.Empty;
        var found = 0;
        if (_string.Definitions[p] == _string.MaxDefinition)
        {
            value = AttributeValue.String(cache.String(_string.Values[_string.ValueIndex++].Span));
            found++;
        }

        if (_int.Definitions[p] == _int.MaxDefinition)
        {
            value = AttributeValue.Int(_int.Values[_int.ValueIndex++]);
            found++;
        }

        if (_double.Definitions[p] == _double.MaxDefinition)
        {
            value = AttributeValue.Double(_double.Values[_double.ValueIndex++]);
            found++;
        }

        if (_bool.Definitions[p] == _bool.MaxDefinition)
        {
            value = AttributeValue.Bool(_bool.Values[_bool.ValueIndex++]);
            found++;
        }

        if (_bytes.Definitions[p] == _bytes.MaxDefinition)
        {
            value = AttributeValue.Bytes(_bytes.Values[_bytes.ValueIndex++].ToArray());
            found++;
        }

        if (_complex.Definitions[p] == _complex.MaxDefinition)
        {
            value = AnyValueCodec.Decode(_complex.Values[_complex.ValueIndex++].Span, k => cache.String(k));
            found++;
        }

        if (found > 1)
        {
            throw new InvalidDataException("an attribute has more than one value column set");
        }

        return value;
    }

    private static void Skip<T>(LeafColumn<T> leaf, int start, int end)
        where T : struct
    {
        var definitions = leaf.Definitions;
        var max = leaf.MaxDefinition;
        var n = 0;
        for (var p = start; p < end; p++)
        {
            if (definitions[p] == max)
            {
                n++;
            }
        }

        leaf.ValueIndex += n;
    }

    public void Dispose()
    {
        _key.Dispose();
        _string.Dispose();
        _int.Dispose();
        _double.Dispose();
        _bool.Dispose();
        _bytes.Dispose();
        _complex.Dispose();
    }
}
