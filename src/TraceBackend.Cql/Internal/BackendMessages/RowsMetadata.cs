using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Values;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>
/// &lt;metadata&gt; of a Rows result and &lt;result_metadata&gt; of a Prepared result (spec §4.2.5.2):
/// &lt;flags&gt;&lt;columns_count&gt;[&lt;paging_state&gt;][&lt;global_table_spec&gt;?&lt;col_spec_1&gt;…&lt;col_spec_n&gt;].
/// With No_metadata, <see cref="Columns"/> is empty while <see cref="ColumnCount"/> still gives the row width.
/// </summary>
internal sealed class RowsMetadata(int flags, int columnCount, byte[]? pagingState, IReadOnlyList<CqlColumn> columns)
{
    public const int GlobalTablesSpecFlag = 0x0001;
    public const int HasMorePagesFlag = 0x0002;
    public const int NoMetadataFlag = 0x0004;

    public int Flags { get; } = flags;

    public int ColumnCount { get; } = columnCount;

    /// <summary>Present exactly when Has_more_pages is set.</summary>
    public byte[]? PagingState { get; } = pagingState;

    public IReadOnlyList<CqlColumn> Columns { get; } = columns;

    public bool NoMetadata => (Flags & NoMetadataFlag) != 0;

    public static RowsMetadata Read(ref CqlReader reader)
    {
        var flags = reader.ReadInt();
        var count = reader.ReadInt();
        if (count is < 0 or > ushort.MaxValue)
        {
            ThrowHelper.ThrowProtocol($"columns_count {count} is out of range");
        }

        var pagingState = (flags & HasMorePagesFlag) != 0 ? reader.ReadBytes() : null;
        var columns = (flags & NoMetadataFlag) != 0 ? [] : ReadColumnSpecs(ref reader, flags, count);
        return new RowsMetadata(flags, count, pagingState, columns);
    }

    /// <summary>[&lt;global_table_spec&gt;?&lt;col_spec_1&gt;…&lt;col_spec_n&gt;], shared with the Prepared bind metadata.</summary>
    public static CqlColumn[] ReadColumnSpecs(ref CqlReader reader, int flags, int count)
    {
        if (count > reader.Remaining)
        {
            ThrowHelper.ThrowProtocol($"{count} column specs do not fit the {reader.Remaining} remaining body bytes");
        }

        string? globalKeyspace = null;
        string? globalTable = null;
        if ((flags & GlobalTablesSpecFlag) != 0)
        {
            globalKeyspace = reader.ReadString();
            globalTable = reader.ReadString();
        }

        var columns = new CqlColumn[count];
        for (var i = 0; i < count; i++)
        {
            var keyspace = globalKeyspace ?? reader.ReadString();
            var table = globalTable ?? reader.ReadString();
            var name = reader.ReadString();
            columns[i] = new CqlColumn(keyspace, table, name, CqlTypeReader.ReadOption(ref reader));
        }

        return columns;
    }

    public static int ReadCount(ref CqlReader reader, string what)
    {
        var count = reader.ReadInt();
        if (count < 0 || count > reader.Remaining)
        {
            ThrowHelper.ThrowProtocol($"{what} {count} does not fit the {reader.Remaining} remaining body bytes");
        }

        return count;
    }
}
