using TraceBackend.Cql.Internal.Connections;

namespace TraceBackend.Cql.Internal.Cluster;

/// <summary>
/// The connections to one host. Invariants: at most <see cref="CqlClusterOptions.ConnectionsPerHost"/> connections
/// are opened by filling (a request may open one more only when none is open); closed connections leave the list by
/// themselves; a host is down from a failed connection attempt until the reconnection loop (exponential backoff from
/// <see cref="CqlClusterOptions.ReconnectBaseDelay"/> to <see cref="CqlClusterOptions.ReconnectMaxDelay"/>) opens one.
/// A connection that closes after it was open does not mark the host down; the next request opens a new one.
/// </summary>
internal sealed class CqlHostPool : IAsyncDisposable
{
    private readonly CqlConnectionSettings _settings;
    private readonly CancellationToken _shutdown;
    private readonly object _lock = new();
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private CqlConnection[] _connections = [];
    private bool _down;
    private Exception? _lastError;
    private Task _reconnect = Task.CompletedTask;
    private Task _fill = Task.CompletedTask;

    public CqlHostPool(CqlEndpoint endpoint, CqlConnectionSettings settings, CancellationToken shutdown)
    {
        Endpoint = endpoint;
        _settings = settings;
        _shutdown = shutdown;
    }

    public CqlEndpoint Endpoint { get; }

    public string Name => Endpoint.Name;

    public bool IsUp => !Volatile.Read(ref _down);

    /// <summary>The last connection failure while the host is down.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    public IReadOnlyList<CqlConnection> Connections => Volatile.Read(ref _connections);

    /// <summary>The open connection with the fewest requests in flight, or null.</summary>
    public CqlConnection? TryPick()
    {
        CqlConnection? best = null;
        foreach (var connection in Volatile.Read(ref _connections))
        {
            if (connection.IsOpen && (best is null || connection.InFlight < best.InFlight))
            {
                best = connection;
            }
        }

        return best;
    }

    /// <summary>Returns an open connection, opening one if there is none; a failed attempt marks the host down.</summary>
    public async Task<CqlConnection> OpenAsync(CancellationToken ct)
    {
        await _openLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (TryPick() is { } existing)
            {
                return existing;
            }

            try
            {
                var connection = await CqlConnection.OpenAsync(Endpoint, _settings, ct).ConfigureAwait(false);
                Add(connection);
                return connection;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                MarkDown(ex);
                throw;
            }
        }
        finally
        {
            _openLock.Release();
        }
    }

    /// <summary>Starts opening connections in the background until the host has its configured number.</summary>
    public void EnsureFilled()
    {
        if (Volatile.Read(ref _connections).Length >= _settings.Options.ConnectionsPerHost)
        {
            return;
        }

        lock (_lock)
        {
            if (!_down && _fill.IsCompleted && OpenCount() < _settings.Options.ConnectionsPerHost && !_shutdown.IsCancellationRequested)
            {
                _fill = FillAsync();
            }
        }
    }

    public void MarkDown(Exception error)
    {
        lock (_lock)
        {
            _lastError = error;
            if (_down || _shutdown.IsCancellationRequested)
            {
                return;
            }

            Volatile.Write(ref _down, true);
            Log.HostDown(_settings.Logger, Name, (long)ReconnectDelay(0).TotalMilliseconds, error);
            _reconnect = ReconnectLoopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in Volatile.Read(ref _connections))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        Task reconnect, fill;
        lock (_lock)
        {
            (reconnect, fill) = (_reconnect, _fill);
        }

        await Task.WhenAll(reconnect, fill).ConfigureAwait(false);
    }

    /// <summary>Delay before reconnection attempt <paramref name="attempt"/> (0-based): base × 2^attempt, capped.</summary>
    internal TimeSpan ReconnectDelay(int attempt)
    {
        var options = _settings.Options;
        var ticks = options.ReconnectBaseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 40));
        return ticks >= options.ReconnectMaxDelay.Ticks ? options.ReconnectMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private async Task ReconnectLoopAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Task.Delay(ReconnectDelay(attempt), _shutdown).ConfigureAwait(false);
                var connection = await CqlConnection.OpenAsync(Endpoint, _settings, _shutdown).ConfigureAwait(false);
                Add(connection);
                lock (_lock)
                {
                    _lastError = null;
                    Volatile.Write(ref _down, false);
                }

                Log.HostUp(_settings.Logger, Name);
                EnsureFilled();
                return;
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Volatile.Write(ref _lastError, ex);
                Log.ReconnectFailed(_settings.Logger, Name, attempt + 1, (long)ReconnectDelay(attempt + 1).TotalMilliseconds, ex);
            }
        }
    }

    private async Task FillAsync()
    {
        try
        {
            while (!_shutdown.IsCancellationRequested && OpenCount() < _settings.Options.ConnectionsPerHost)
            {
                await _openLock.WaitAsync(_shutdown).ConfigureAwait(false);
                try
                {
                    if (OpenCount() < _settings.Options.ConnectionsPerHost)
                    {
                        Add(await CqlConnection.OpenAsync(Endpoint, _settings, _shutdown).ConfigureAwait(false));
                    }
                }
                finally
                {
                    _openLock.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Requests still have the open connections; a host that is really gone is marked down when one fails.
            Log.PoolFillFailed(_settings.Logger, Name, ex);
        }
    }

    private int OpenCount() => Volatile.Read(ref _connections).Count(c => c.IsOpen);

    private void Add(CqlConnection connection)
    {
        lock (_lock)
        {
            _connections = [.. _connections, connection];
        }

        _ = RemoveWhenClosedAsync(connection);
        if (_shutdown.IsCancellationRequested)
        {
            _ = connection.DisposeAsync().AsTask();
        }
    }

    private async Task RemoveWhenClosedAsync(CqlConnection connection)
    {
        await connection.Closed.ConfigureAwait(false);
        lock (_lock)
        {
            _connections = _connections.Where(c => !ReferenceEquals(c, connection)).ToArray();
        }
    }
}
