using System.Runtime.CompilerServices;
using TraceBackend.Cql;

namespace TraceBackend.Storage.Cassandra.Session;

/// <summary>
/// <see cref="ICassandraSession"/> over the CQL client: statements are prepared once per text (the client caches them
/// and re-prepares on hosts that answer Unprepared), executed with the cluster's consistency level, and SELECTs are
/// paged as the caller enumerates. DDL runs unprepared and waits for schema agreement. Owns the cluster.
/// </summary>
public sealed class CqlCassandraSession : ICassandraSession, IAsyncDisposable
{
    /// <summary>How long DDL waits by default for every node to report the same schema version.</summary>
    public static readonly TimeSpan DefaultSchemaAgreementTimeout = TimeSpan.FromSeconds(30);

    private readonly CqlCluster _cluster;
    private readonly CqlQueryOptions _writeOptions;

    /// <param name="cluster">The connected cluster; the session owns it.</param>
    /// <param name="schemaAgreementTimeout">How long DDL waits for schema agreement (default 30 s).</param>
    /// <param name="writeTimeout">Timeout of one INSERT or batch; null = the cluster's request timeout.</param>
    public CqlCassandraSession(CqlCluster cluster, TimeSpan? schemaAgreementTimeout = null, TimeSpan? writeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _cluster = cluster;
        SchemaAgreementTimeout = schemaAgreementTimeout ?? DefaultSchemaAgreementTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SchemaAgreementTimeout, TimeSpan.Zero, nameof(schemaAgreementTimeout));
        if (writeTimeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(writeTimeout));
        }

        _writeOptions = new CqlQueryOptions { Timeout = writeTimeout };
    }

    /// <summary>How long DDL waits for every node to report the same schema version.</summary>
    public TimeSpan SchemaAgreementTimeout { get; }

    public async ValueTask ExecuteAsync(CassandraStatement statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var prepared = await _cluster.PrepareAsync(statement.Cql, cancellationToken).ConfigureAwait(false);
        await _cluster.ExecuteAsync(prepared, statement.Values, _writeOptions, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ExecuteBatchAsync(IReadOnlyList<CassandraStatement> statements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count == 0)
        {
            return;
        }

        var entries = new (CqlPreparedStatement Statement, IReadOnlyList<object?> Values)[statements.Count];
        for (var i = 0; i < statements.Count; i++)
        {
            entries[i] = (await _cluster.PrepareAsync(statements[i].Cql, cancellationToken).ConfigureAwait(false), statements[i].Values);
        }

        await _cluster.BatchAsync(entries, CqlBatchType.Unlogged, _writeOptions, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<IReadOnlyList<object?>> QueryAsync(CassandraStatement statement, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var prepared = await _cluster.PrepareAsync(statement.Cql, cancellationToken).ConfigureAwait(false);
        await foreach (var row in _cluster.ExecutePagedAsync(prepared, statement.Values, Options(statement), cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    public async ValueTask ExecuteSchemaAsync(string cql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cql);
        await _cluster.QueryAsync(cql, null, cancellationToken).ConfigureAwait(false);
        if (!await _cluster.WaitForSchemaAgreementAsync(SchemaAgreementTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException($"the Cassandra nodes did not agree on the schema within {SchemaAgreementTimeout.TotalSeconds:0.#} s after: {FirstLine(cql)}");
        }
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    private static CqlQueryOptions Options(CassandraStatement statement) =>
        statement.PageSize == CqlQueryOptions.Default.PageSize ? CqlQueryOptions.Default : new CqlQueryOptions { PageSize = statement.PageSize };

    private static string FirstLine(string cql)
    {
        var line = cql.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).ToString();
    }
}
