namespace TraceBackend.Storage.Cassandra.Session;

/// <summary>
/// The narrow seam between the trace store and the CQL client (as Jaeger's <c>cassandra/session.go</c>): the
/// store speaks CQL text and CLR values; the implementation prepares and caches statements, applies the configured
/// consistency level, pages results and maps errors. Values, bound and returned, use one CLR mapping:
/// <list type="table">
/// <item><term>text</term><description><see cref="string"/></description></item>
/// <item><term>bigint</term><description><see cref="long"/></description></item>
/// <item><term>int</term><description><see cref="int"/></description></item>
/// <item><term>boolean</term><description><see cref="bool"/></description></item>
/// <item><term>double</term><description><see cref="double"/></description></item>
/// <item><term>blob</term><description><see cref="byte"/>[]</description></item>
/// <item><term>timestamp</term><description><see cref="DateTimeOffset"/> (millisecond precision)</description></item>
/// <item><term>list / set</term><description><see cref="IReadOnlyList{T}"/> of <see cref="object"/> (any
/// <see cref="System.Collections.IEnumerable"/> when binding)</description></item>
/// <item><term>user-defined type</term><description><see cref="IReadOnlyDictionary{TKey,TValue}"/> from field name to
/// value (a missing field binds as null; returned dictionaries enumerate in the type's field order)</description></item>
/// <item><term>null</term><description><see langword="null"/></description></item>
/// </list>
/// All methods are safe to call concurrently.
/// </summary>
public interface ICassandraSession
{
    /// <summary>Executes one statement that returns no rows (INSERT, UPDATE, DELETE).</summary>
    ValueTask ExecuteAsync(CassandraStatement statement, CancellationToken cancellationToken = default);

    /// <summary>Executes statements as one UNLOGGED batch (no atomicity across partitions; fewer round trips).</summary>
    ValueTask ExecuteBatchAsync(IReadOnlyList<CassandraStatement> statements, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the rows of a SELECT; each row holds the selected columns' values in select-list order. Pages of
    /// <see cref="CassandraStatement.PageSize"/> rows are fetched as the caller enumerates (0 = paging disabled,
    /// required for <c>IN</c> on a partition key with <c>ORDER BY</c>).
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<object?>> QueryAsync(CassandraStatement statement, CancellationToken cancellationToken = default);

    /// <summary>Runs one DDL statement (not prepared) and waits until the cluster agrees on the new schema.</summary>
    ValueTask ExecuteSchemaAsync(string cql, CancellationToken cancellationToken = default);
}
