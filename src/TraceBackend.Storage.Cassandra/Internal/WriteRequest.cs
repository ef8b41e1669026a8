namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// One request of a write: the table (for logs), the call to make, and what to record once it succeeded. Requests
/// hold their rows, not copies; nothing modifies the rows once the write is planned.
/// </summary>
internal abstract class WriteRequest
{
    private WriteRequest(string table) => Table = table;

    public string Table { get; }

    /// <summary>A request writing rows of one partition with <paramref name="write"/>.</summary>
    public static WriteRequest Rows<TRow>(string table, IReadOnlyList<TRow> rows, Func<ITraceTables, IReadOnlyList<TRow>, CancellationToken, ValueTask> write) =>
        new RowsRequest<TRow>(table, rows, write);

    /// <summary>A request writing the row of <paramref name="key"/>, which is added to <paramref name="cache"/> once written.</summary>
    public static WriteRequest Cached<TKey>(string table, TKey key, WriteCache<TKey> cache, Func<ITraceTables, TKey, CancellationToken, ValueTask> write)
        where TKey : notnull =>
        new CachedRequest<TKey>(table, key, cache, write);

    public abstract ValueTask RunAsync(ITraceTables tables, CancellationToken cancellationToken);

    /// <summary>Called once the request succeeded.</summary>
    public virtual void OnWritten()
    {
    }

    private sealed class RowsRequest<TRow>(string table, IReadOnlyList<TRow> rows, Func<ITraceTables, IReadOnlyList<TRow>, CancellationToken, ValueTask> write)
        : WriteRequest(table)
    {
        public override ValueTask RunAsync(ITraceTables tables, CancellationToken cancellationToken) => write(tables, rows, cancellationToken);
    }

    private sealed class CachedRequest<TKey>(string table, TKey key, WriteCache<TKey> cache, Func<ITraceTables, TKey, CancellationToken, ValueTask> write)
        : WriteRequest(table)
        where TKey : notnull
    {
        public override ValueTask RunAsync(ITraceTables tables, CancellationToken cancellationToken) => write(tables, key, cancellationToken);

        public override void OnWritten() => cache.Add(key);
    }
}
