using Parquet;
using Parquet.Schema;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// The pending values and Dremel levels of one leaf column of the row group being built. Values hold only defined
/// entries (definition level = the field's maximum); levels are kept only for nested leaves. Reused across row groups.
/// </summary>
internal sealed class LeafBuffer<T>
    where T : struct
{
    private T[] _values = new T[256];
    private int[] _definitions;
    private int[] _repetitions;
    private int _valueCount;
    private int _levelCount;

    /// <summary>
    /// A buffer for <paramref name="field"/>. With <paramref name="ownLevels"/> false a nested leaf keeps only its
    /// values, and its owner supplies the levels to <see cref="WriteAsync(ParquetRowGroupWriter, ReadOnlyMemory{int}, ReadOnlyMemory{int}, CancellationToken)"/>
    /// (the attribute leaves of one list share their repetition levels).
    /// </summary>
    public LeafBuffer(DataField field, bool ownLevels = true)
    {
        Field = field;
        Nested = field.MaxRepetitionLevel > 0 || field.MaxDefinitionLevel > 0;
        MaxDefinition = field.MaxDefinitionLevel;
        var levels = Nested && ownLevels;
        _definitions = levels ? new int[256] : [];
        _repetitions = levels ? new int[256] : [];
    }

    public DataField Field { get; }

    public bool Nested { get; }

    public int MaxDefinition { get; }

    /// <summary>Appends a value of a flat (required, unrepeated) column.</summary>
    public void Add(T value)
    {
        if (_valueCount == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_valueCount++] = value;
    }

    /// <summary>Appends a defined value of a nested column at repetition level <paramref name="repetition"/>.</summary>
    public void Add(T value, int repetition)
    {
        Add(value);
        AddLevels(MaxDefinition, repetition);
    }

    /// <summary>Appends an undefined entry (an empty list or a null value) of a nested column.</summary>
    public void AddLevels(int definition, int repetition)
    {
        if (_levelCount == _definitions.Length)
        {
            Array.Resize(ref _definitions, _definitions.Length * 2);
            Array.Resize(ref _repetitions, _repetitions.Length * 2);
        }

        _definitions[_levelCount] = definition;
        _repetitions[_levelCount] = repetition;
        _levelCount++;
    }

    /// <summary>Writes the values with levels kept by the owner (see the constructor).</summary>
    public Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<int> definitions, ReadOnlyMemory<int> repetitions, CancellationToken cancellationToken) =>
        writer.WriteAllPartsAsync<T>(Field, _values.AsMemory(0, _valueCount), definitions, repetitions, cancellationToken);

    public Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken) => Nested
        ? writer.WriteAllPartsAsync<T>(Field, _values.AsMemory(0, _valueCount), _definitions.AsMemory(0, _levelCount), _repetitions.AsMemory(0, _levelCount), cancellationToken)
        : writer.WriteAllPartsAsync<T>(Field, _values.AsMemory(0, _valueCount), null, null, cancellationToken);

    public void Clear()
    {
        // Drop references (strings, byte slices) so a finished row group does not pin them.
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_values, 0, _valueCount);
        }

        _valueCount = 0;
        _levelCount = 0;
    }
}
