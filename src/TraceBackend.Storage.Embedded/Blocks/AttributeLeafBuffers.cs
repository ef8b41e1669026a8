using System.Collections.Immutable;
using Parquet;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// Writer side of one attribute list (<see cref="BlockSchema.AttributeFields"/>): each attribute is one list entry with
/// its key and exactly one defined value column (none for <see cref="AttributeType.Empty"/>).
/// </summary>
internal sealed class AttributeLeafBuffers
{
    private readonly LeafBuffer<ReadOnlyMemory<char>> _key;
    private readonly LeafBuffer<ReadOnlyMemory<char>> _string;
    private readonly LeafBuffer<long> _int;
    private readonly LeafBuffer<double> _double;
    private readonly LeafBuffer<bool> _bool;
    private readonly LeafBuffer<ReadOnlyMemory<byte>> _bytes;
    private readonly LeafBuffer<ReadOnlyMemory<byte>> _complex;
    private readonly int _entryDefinition;
    private readonly int _depth;

    public AttributeLeafBuffers(BlockSchema.AttributeFields fields)
    {
        _key = new(fields.Key);
        _string = new(fields.String);
        _int = new(fields.Int);
        _double = new(fields.Double);
        _bool = new(fields.Bool);
        _bytes = new(fields.Bytes);
        _complex = new(fields.Complex);
        _entryDefinition = fields.Key.MaxDefinitionLevel;
        _depth = fields.Key.MaxRepetitionLevel;
    }

    /// <summary>Definition level of an empty (present) attribute list.</summary>
    public int EmptyDefinition => _entryDefinition - 2;

    /// <summary>Appends the list; the first entry gets <paramref name="firstRepetition"/>, the others this list's depth.</summary>
    public void Add(ImmutableArray<KeyValue> attributes, int firstRepetition, ComplexValueWriter complex)
    {
        if (attributes.IsDefaultOrEmpty)
        {
            AddUndefined(EmptyDefinition, firstRepetition);
            return;
        }

        var repetition = firstRepetition;
        foreach (var kv in attributes)
        {
            _key.Add(kv.Key.AsMemory(), repetition);
            var value = kv.Value;
            var type = value.Type;
            AddValue(_string, type == AttributeType.String, type == AttributeType.String ? value.AsString.AsMemory() : default, repetition);
            AddValue(_int, type == AttributeType.Int, type == AttributeType.Int ? value.AsInt : 0, repetition);
            AddValue(_double, type == AttributeType.Double, type == AttributeType.Double ? value.AsDouble : 0, repetition);
            AddValue(_bool, type == AttributeType.Bool, type == AttributeType.Bool && value.AsBool, repetition);
            AddValue(_bytes, type == AttributeType.Bytes, type == AttributeType.Bytes ? complex.Copy(value.AsBytes) : default, repetition);
            var isComplex = type is AttributeType.Array or AttributeType.KvList;
            AddValue(_complex, isComplex, isComplex ? complex.Encode(value) : default, repetition);
            repetition = _depth;
        }
    }

    /// <summary>Appends one entry with no attribute (an empty list, or an empty enclosing list).</summary>
    public void AddUndefined(int definition, int repetition)
    {
        _key.AddLevels(definition, repetition);
        _string.AddLevels(definition, repetition);
        _int.AddLevels(definition, repetition);
        _double.AddLevels(definition, repetition);
        _bool.AddLevels(definition, repetition);
        _bytes.AddLevels(definition, repetition);
        _complex.AddLevels(definition, repetition);
    }

    private void AddValue<T>(LeafBuffer<T> leaf, bool defined, T value, int repetition)
        where T : struct
    {
        if (defined)
        {
            leaf.Add(value, repetition);
        }
        else
        {
            leaf.AddLevels(_entryDefinition, repetition);
        }
    }

    public async Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken)
    {
        await _key.WriteAsync(writer, cancellationToken).ConfigureAwait(false);
        await _string.WriteAsync(writer, cancellationToken).ConfigureAwait(false);
        await _int.WriteAsync(writer, cancellationToken).ConfigureAwait(false);
        await _double.WriteAsync(writer, cancellationToken).ConfigureAwait(false);
        await _bool.WriteAsync(writer, cancellationToken).ConfigureAwait(false);
        await _bytes.WriteAsync(writer, cancellationToken).ConfigureAwait(false);
        await _complex.WriteAsync(writer, cancellationToken).ConfigureAwait(false);
    }

    public void Clear()
    {
        _key.Clear();
        _string.Clear();
        _int.Clear();
        _double.Clear();
        _bool.Clear();
        _bytes.Clear();
        _complex.Clear();
    }
}
