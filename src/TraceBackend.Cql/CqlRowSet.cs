namespace TraceBackend.Cql;

/// <summary>
/// One RESULT: for <see cref="CqlResultKind.Rows"/>, one page of rows, each an array of column values in
/// <see cref="Columns"/> order (CLR mapping in <see cref="CqlCluster"/>). The caller owns the arrays.
/// </summary>
public sealed class CqlRowSet
{
    internal static readonly CqlRowSet Void = new(CqlResultKind.Void, [], [], null, null, null);

    internal CqlRowSet(
        CqlResultKind kind,
        IReadOnlyList<CqlColumn> columns,
        IReadOnlyList<object?[]> rows,
        byte[]? pagingState,
        CqlSchemaChange? schemaChange,
        string? keyspace)
    {
        Kind = kind;
        Columns = columns;
        Rows = rows;
        PagingState = pagingState;
        SchemaChange = schemaChange;
        Keyspace = keyspace;
    }

    public CqlResultKind Kind { get; }

    /// <summary>Column specs of a Rows result (empty otherwise).</summary>
    public IReadOnlyList<CqlColumn> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    /// <summary>Set when the server has more pages (Has_more_pages); pass it back in <see cref="CqlQueryOptions.PagingState"/>.</summary>
    public byte[]? PagingState { get; }

    /// <summary>Set for a Schema_change result.</summary>
    public CqlSchemaChange? SchemaChange { get; }

    /// <summary>Set for a Set_keyspace result.</summary>
    public string? Keyspace { get; }

    /// <summary>Index of the column named <paramref name="name"/> (ordinal comparison), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
