using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Values;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>
/// RESULT kind Rows (spec §4.2.5.2): &lt;metadata&gt;&lt;rows_count&gt;&lt;rows_content&gt;, the content being
/// rows_count × columns_count [bytes]. Values are decoded on parse (CLR mapping in <see cref="CqlValueDecoder"/>).
/// </summary>
internal sealed class RowsResult(RowsMetadata metadata, IReadOnlyList<CqlColumn> columns, IReadOnlyList<object?[]> rows)
    : BackendMessage
{
    public override string Name => "RESULT Rows";

    public RowsMetadata Metadata { get; } = metadata;

    /// <summary>The metadata's columns, or with No_metadata the prepared statement's result columns.</summary>
    public IReadOnlyList<CqlColumn> Columns { get; } = columns;

    public IReadOnlyList<object?[]> Rows { get; } = rows;

    public static RowsResult Read(ref CqlReader reader, IReadOnlyList<CqlColumn>? knownColumns)
    {
        var metadata = RowsMetadata.Read(ref reader);
        var columns = ResolveColumns(metadata, knownColumns);
        var rowCount = reader.ReadInt();
        if (rowCount < 0 || (metadata.ColumnCount > 0 && rowCount > reader.Remaining / (4 * metadata.ColumnCount)))
        {
            ThrowHelper.ThrowProtocol($"rows_count {rowCount} does not fit the {reader.Remaining} remaining body bytes");
        }

        var rows = new object?[rowCount][];
        for (var r = 0; r < rowCount; r++)
        {
            var row = new object?[metadata.ColumnCount];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = reader.TryReadBytes(out var value) ? CqlValueDecoder.Decode(columns[c].Type, value) : null;
            }

            rows[r] = row;
        }

        return new RowsResult(metadata, columns, rows);
    }

    /// <summary>Without metadata and without matching prepared columns, values are returned as raw blobs.</summary>
    private static IReadOnlyList<CqlColumn> ResolveColumns(RowsMetadata metadata, IReadOnlyList<CqlColumn>? knownColumns)
    {
        if (!metadata.NoMetadata)
        {
            return metadata.Columns;
        }

        if (knownColumns is not null && knownColumns.Count == metadata.ColumnCount)
        {
            return knownColumns;
        }

        var blobs = new CqlColumn[metadata.ColumnCount];
        for (var i = 0; i < blobs.Length; i++)
        {
            blobs[i] = new CqlColumn(string.Empty, string.Empty, "column" + i, CqlType.Blob);
        }

        return blobs;
    }
}
