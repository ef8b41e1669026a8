using TraceBackend.Cql.Internal;
using TraceBackend.Cql.Internal.BackendMessages;
using TraceBackend.Cql.Internal.Connections;
using TraceBackend.Cql.Internal.FrontendMessages;

namespace TraceBackend.Cql;

/// <summary>Request plumbing of <see cref="CqlCluster"/>: timeout, connection choice, resending unsent requests.</summary>
public sealed partial class CqlCluster
{
    /// <summary>
    /// Runs <paramref name="action"/> on a connection within the request timeout (covering connection choice, stream
    /// id wait, write and reply). A request that never left the client because its connection closed is tried on
    /// another connection; anything sent is not resent. Expiry of the timeout throws
    /// <see cref="CqlRequestTimeoutException"/>; cancelling <paramref name="ct"/> throws OperationCanceledException.
    /// </summary>
    private async Task<T> RunAsync<T>(
        Func<CqlConnection, CancellationToken, Task<T>> action, TimeSpan? timeout, CancellationToken ct)
    {
        ThrowIfDisposed();
        var limit = timeout ?? _options.RequestTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, _shutdown.Token);
        deadline.CancelAfter(limit);
        string? host = null;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var connection = await GetConnectionAsync(deadline.Token).ConfigureAwait(false);
                host = connection.Host;
                try
                {
                    return await action(connection, deadline.Token).ConfigureAwait(false);
                }
                catch (CqlConnectionException ex) when (!ex.RequestSent && attempt < _hosts.Length * _options.ConnectionsPerHost)
                {
                    Log.RetryingUnsent(_logger, connection.Host);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && !_shutdown.IsCancellationRequested)
        {
            throw new CqlRequestTimeoutException(host, limit);
        }
    }

    private QueryParameters Parameters(CqlQueryOptions options, BoundValues values) =>
        new(options.Consistency ?? _options.Consistency)
        {
            Values = values,
            PageSize = options.PageSize,
            PagingState = options.PagingState,
            SerialConsistency = _options.SerialConsistency,
        };

    /// <summary>Prepares the statement's text again on the connection's host (after Unprepared) and adopts the new id.</summary>
    private async Task ReprepareAsync(CqlConnection connection, CqlPreparedStatement statement, CancellationToken ct)
    {
        Log.Repreparing(_logger, connection.Host, statement.Cql);
        var reply = await connection.RequestAsync(new PrepareMessage(statement.Cql), ct).ConfigureAwait(false);
        if (reply is not PreparedResult prepared)
        {
            throw new CqlProtocolException($"unexpected {reply.Name} in reply to PREPARE", connection.Host);
        }

        var columns = prepared.ResultMetadata.Columns.Count > 0 ? prepared.ResultMetadata.Columns : statement.ResultColumns;
        statement.Update(prepared.Id, columns);
    }

    private static CqlRowSet ToRowSet(BackendMessage reply, string host) => reply switch
    {
        RowsResult rows => new CqlRowSet(CqlResultKind.Rows, rows.Columns, rows.Rows, rows.Metadata.PagingState, null, null),
        VoidResult => CqlRowSet.Void,
        SetKeyspaceResult keyspace => new CqlRowSet(CqlResultKind.SetKeyspace, [], [], null, null, keyspace.Keyspace),
        SchemaChangeResult change => new CqlRowSet(CqlResultKind.SchemaChange, [], [], null, change.Change, null),
        _ => throw new CqlProtocolException($"unexpected {reply.Name} in reply to a query", host),
    };
}
