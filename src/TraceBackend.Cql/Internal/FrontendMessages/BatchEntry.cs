namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>
/// One &lt;query_i&gt; of a BATCH: a prepared statement (kind 1, its current id is read when the frame is written)
/// or a query string (kind 0), with its encoded values.
/// </summary>
internal sealed class BatchEntry
{
    public BatchEntry(CqlPreparedStatement statement, BoundValues values)
    {
        Statement = statement;
        Values = values;
    }

    public BatchEntry(string query, BoundValues values)
    {
        Query = query;
        Values = values;
    }

    public CqlPreparedStatement? Statement { get; }

    public string? Query { get; }

    public BoundValues Values { get; }
}
