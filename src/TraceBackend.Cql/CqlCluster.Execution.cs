using System.Runtime.CompilerServices;
using TraceBackend.Cql.Internal.BackendMessages;
using TraceBackend.Cql.Internal.FrontendMessages;
using TraceBackend.Cql.Internal.Values;

namespace TraceBackend.Cql;

/// <summary>PREPARE, EXECUTE, QUERY, BATCH and paging of <see cref="CqlCluster"/>.</summary>
public sealed partial class CqlCluster
{
    /// <summary>
    /// Prepares <paramref name="cql"/> on one host, once per cluster per text: concurrent and later calls with the same
    /// text share the result (a failed preparation is forgotten, so the next call tries again). Other hosts learn the
    /// statement when they first answer Unprepared.
    /// </summary>
    public async Task<CqlPreparedStatement> PrepareAsync(string cql, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cql);
        ThrowIfDisposed();
        var entry = _prepared.GetOrAdd(cql, text => new Lazy<Task<CqlPreparedStatement>>(() => PrepareCoreAsync(text)));
        try
        {
            return await entry.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        catch when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            _prepared.TryRemove(new KeyValuePair<string, Lazy<Task<CqlPreparedStatement>>>(cql, entry));
            throw;
        }
    }

    /// <summary>
    /// Executes a prepared statement with positional values (encoded by its bind variables' types; a wrong CLR type is
    /// an <see cref="ArgumentException"/> before anything is sent). Returns the first page when paging.
    /// </summary>
    public async Task<CqlRowSet> ExecuteAsync(
        CqlPreparedStatement statement,
        IReadOnlyList<object?> values,
        CqlQueryOptions? options = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var bound = CqlValueEncoder.Encode(statement.Variables, values);
        return await ExecuteCoreAsync(statement, bound, options ?? CqlQueryOptions.Default, ct).ConfigureAwait(false);
    }

    /// <summary>Runs an unprepared statement without values (DDL, USE, ad-hoc SELECTs).</summary>
    public Task<CqlRowSet> QueryAsync(string cql, CqlQueryOptions? options = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cql);
        options ??= CqlQueryOptions.Default;
        var message = new QueryMessage(cql, Parameters(options, BoundValues.Empty));
        return RunAsync(
            async (connection, token) => ToRowSet(await connection.RequestAsync(message, token).ConfigureAwait(false), connection.Host),
            options.Timeout,
            ct);
    }

    /// <summary>
    /// Sends prepared statements as one BATCH (<see cref="CqlBatchType.Unlogged"/> by default). Statements a host does
    /// not know are prepared there and the batch is sent again. An empty list sends nothing.
    /// </summary>
    public async Task BatchAsync(
        IReadOnlyList<(CqlPreparedStatement Statement, IReadOnlyList<object?> Values)> statements,
        CqlBatchType type = CqlBatchType.Unlogged,
        CqlQueryOptions? options = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count == 0)
        {
            return;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(statements.Count, ushort.MaxValue, nameof(statements));
        var entries = statements
            .Select(s => new BatchEntry(s.Statement, CqlValueEncoder.Encode(s.Statement.Variables, s.Values)))
            .ToArray();
        options ??= CqlQueryOptions.Default;
        var message = new BatchMessage(type, entries, options.Consistency ?? _options.Consistency, _options.SerialConsistency);
        await RunAsync(
            async (connection, token) =>
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        return await connection.RequestAsync(message, token).ConfigureAwait(false);
                    }
                    catch (CqlUnpreparedException ex) when (attempt < entries.Length)
                    {
                        var unknown = entries.Select(e => e.Statement!).Where(s => s.Id.AsSpan().SequenceEqual(ex.UnknownId)).Distinct().ToArray();
                        if (unknown.Length == 0)
                        {
                            throw;
                        }

                        foreach (var statement in unknown)
                        {
                            await ReprepareAsync(connection, statement, token).ConfigureAwait(false);
                        }
                    }
                }
            },
            options.Timeout,
            ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams every row of a prepared SELECT, fetching the next page (paging state of the previous one) only when the
    /// caller has enumerated the current page. Each page is one request with its own timeout.
    /// </summary>
    public async IAsyncEnumerable<object?[]> ExecutePagedAsync(
        CqlPreparedStatement statement,
        IReadOnlyList<object?> values,
        CqlQueryOptions? options = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var bound = CqlValueEncoder.Encode(statement.Variables, values);
        options ??= CqlQueryOptions.Default;
        var pagingState = options.PagingState;
        do
        {
            var page = await ExecuteCoreAsync(statement, bound, options with { PagingState = pagingState }, ct).ConfigureAwait(false);
            foreach (var row in page.Rows)
            {
                yield return row;
            }

            pagingState = page.PagingState;
        }
        while (pagingState is not null);
    }

    private Task<CqlRowSet> ExecuteCoreAsync(
        CqlPreparedStatement statement, BoundValues values, CqlQueryOptions options, CancellationToken ct)
    {
        var parameters = Parameters(options, values);
        return RunAsync(
            async (connection, token) =>
            {
                BackendMessage reply;
                try
                {
                    reply = await connection.RequestAsync(new ExecuteMessage(statement.Id, parameters), token, statement.ResultColumns)
                        .ConfigureAwait(false);
                }
                catch (CqlUnpreparedException)
                {
                    await ReprepareAsync(connection, statement, token).ConfigureAwait(false);
                    reply = await connection.RequestAsync(new ExecuteMessage(statement.Id, parameters), token, statement.ResultColumns)
                        .ConfigureAwait(false);
                }

                return ToRowSet(reply, connection.Host);
            },
            options.Timeout,
            ct);
    }

    private Task<CqlPreparedStatement> PrepareCoreAsync(string cql) => RunAsync(
        async (connection, token) =>
        {
            var reply = await connection.RequestAsync(new PrepareMessage(cql), token).ConfigureAwait(false);
            return reply is PreparedResult prepared
                ? new CqlPreparedStatement(cql, prepared.Id, prepared.Variables, prepared.PartitionKeyIndices, prepared.ResultMetadata.Columns)
                : throw new CqlProtocolException($"unexpected {reply.Name} in reply to PREPARE", connection.Host);
        },
        null,
        CancellationToken.None);
}
