using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// One leaf column of a row group as read: defined values packed first, plus Dremel levels for nested leaves. Walked
/// sequentially by the materializer (<see cref="Position"/> over levels, <see cref="ValueIndex"/> over values).
/// Holds pooled memory until disposed.
/// </summary>
internal sealed class LeafColumn<T> : IDisposable
    where T : struct
{
    private readonly RawColumnData<T> _data;

    private LeafColumn(RawColumnData<T> data, DataField field)
    {
        _data = data;
        MaxDefinition = field.MaxDefinitionLevel;
        Nested = field.MaxDefinitionLevel > 0 || field.MaxRepetitionLevel > 0;
        LevelCount = Nested ? data.DefinitionLevels.Length : data.Values.Length;
    }

    public static async ValueTask<LeafColumn<T>> ReadAsync(ParquetRowGroupReader rowGroup, DataField field, CancellationToken cancellationToken)
    {
        var data = await rowGroup.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        if (data is not RawColumnData<T> typed)
        {
            data.Dispose();
            throw new InvalidDataException($"column '{field.Path}' has values of type {data.GetType().Name}, expected {typeof(T).Name}");
        }

        return new LeafColumn<T>(typed, field);
    }

    public int MaxDefinition { get; }

    public bool Nested { get; }

    public int LevelCount { get; }

    public Span<T> Values => _data.Values;

    public Span<int> Definitions => _data.DefinitionLevels;

    public Span<int> Repetitions => _data.RepetitionLevels;

    public int Position { get; set; }

    public int ValueIndex { get; set; }

    public void Dispose() => _data.Dispose();
}
