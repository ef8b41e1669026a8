using System.Collections.Immutable;
using Parquet;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// Writer side of one attribute list (<see cref="BlockSchema.AttributeFields"/>): each attribute is one list entry with
/// its key and exactly one defined value column (none for <see cref="AttributeType.Empty"/>).
/// <para>
/// The seven leaves of the list have the same repetition levels, and their definition levels differ only where a
/// leaf holds the entry's value. So the levels are kept once per entry — repetition, the definition level of an
/// entry without this leaf's value, and the entry's value type — and each leaf's definition levels are derived
/// when the row group is written; per attribute only the key and the one defined value are appended.
/// </para>
/// </summary>
internal sealed class AttributeLeafBuffers
{
    /// <summary>Type slot of a level entry that is not an attribute (an empty or undefined list).</summary>
    private const byte NoAttribute = byte.MaxValue;

    private readonly LeafBuffer<ReadOnlyMemory<char>> _key;
    private readonly LeafBuffer<ReadOnlyMemory<char>> _string;
    private readonly LeafBuffer<long> _int;
    private readonly LeafBuffer<double> _double;
    private readonly LeafBuffer<bool> _bool;
    private readonly LeafBuffer<ReadOnlyMemory<byte>> _bytes;
    private readonly LeafBuffer<ReadOnlyMemory<byte>> _complex;
    private readonly int _entryDefinition;
    private readonly int _depth;
    private int[] _definitions = new int[256];
    private int[] _repetitions = new int[256];
    private byte[] _types = new byte[256];
    private int[] _leafDefinitions = [];
    private int _levelCount;

    public AttributeLeafBuffers(BlockSchema.AttributeFields fields)
    {
        _key = new(fields.Key, ownLevels: false);
        _string = new(fields.String, ownLevels: false);
        _int = new(fields.Int, ownLevels: false);
        _double = new(fields.Double, ownLevels: false);
        _bool = new(fields.Bool, ownLevels: false);
        _bytes = new(fields.Bytes, ownLevels: false);
        _complex = new(fields.Complex, ownLevels: false);
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
            _key.Add(kv.Key.AsMemory());
            var value = kv.Value;
            var type = value.Type;
            switch (type)
            {
                case AttributeType.String:
                    _string.Add(value.AsString.AsMemory());
                    break;
                case AttributeType.Int:
                    _int.Add(value.AsInt);
                    break;
                case AttributeType.Double:
                    _double.Add(value.AsDouble);
                    break;
                case AttributeType.Bool:
                    _bool.Add(value.AsBool);
                    break;
                case AttributeType.Bytes:
                    _bytes.Add(complex.Copy(value.AsBytes));
                    break;
                case AttributeType.Array or AttributeType.KvList:
                    _complex.Add(complex.Encode(value));
                    break;
            }

            AddLevel(_entryDefinition, repetition, (byte)type);
            repetition = _depth;
        }
    }

    /// <summary>Appends one entry with no attribute (an empty list, or an empty enclosing list).</summary>
    public void AddUndefined(int definition, int repetition) => AddLevel(definition, repetition, NoAttribute);

    private void AddLevel(int definition, int repetition, byte type)
    {
        if (_levelCount == _definitions.Length)
        {
            Array.Resize(ref _definitions, _levelCount * 2);
            Array.Resize(ref _repetitions, _levelCount * 2);
            Array.Resize(ref _types, _levelCount * 2);
        }

        _definitions[_levelCount] = definition;
        _repetitions[_levelCount] = repetition;
        _types[_levelCount] = type;
        _levelCount++;
    }

    public async Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken)
    {
        var repetitions = _repetitions.AsMemory(0, _levelCount);
        // The key is required: defined exactly where the entry is (the entry's own definition level).
        await _key.WriteAsync(writer, _definitions.AsMemory(0, _levelCount), repetitions, cancellationToken).ConfigureAwait(false);
        await _string.WriteAsync(writer, LeafDefinitions(AttributeType.String, AttributeType.String, _string.MaxDefinition), repetitions, cancellationToken).ConfigureAwait(false);
        await _int.WriteAsync(writer, LeafDefinitions(AttributeType.Int, AttributeType.Int, _int.MaxDefinition), repetitions, cancellationToken).ConfigureAwait(false);
        await _double.WriteAsync(writer, LeafDefinitions(AttributeType.Double, AttributeType.Double, _double.MaxDefinition), repetitions, cancellationToken).ConfigureAwait(false);
        await _bool.WriteAsync(writer, LeafDefinitions(AttributeType.Bool, AttributeType.Bool, _bool.MaxDefinition), repetitions, cancellationToken).ConfigureAwait(false);
        await _bytes.WriteAsync(writer, LeafDefinitions(AttributeType.Bytes, AttributeType.Bytes, _bytes.MaxDefinition), repetitions, cancellationToken).ConfigureAwait(false);
        await _complex.WriteAsync(writer, LeafDefinitions(AttributeType.Array, AttributeType.KvList, _complex.MaxDefinition), repetitions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The definition levels of a value leaf holding types <paramref name="first"/>..<paramref name="last"/>: its
    /// maximum where the entry has such a value, the entry's level otherwise. Written into a scratch array that is
    /// reused for the next leaf (each leaf is written before the next one is derived).
    /// </summary>
    private ReadOnlyMemory<int> LeafDefinitions(AttributeType first, AttributeType last, int defined)
    {
        if (_leafDefinitions.Length < _levelCount)
        {
            _leafDefinitions = new int[_definitions.Length];
        }

        var types = _types.AsSpan(0, _levelCount);
        var definitions = _definitions.AsSpan(0, _levelCount);
        var target = _leafDefinitions.AsSpan(0, _levelCount);
        var lo = (byte)first;
        var span = (uint)(last - first);
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (uint)(types[i] - lo) <= span ? defined : definitions[i];
        }

        return _leafDefinitions.AsMemory(0, _levelCount);
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
        _levelCount = 0;
    }
}
