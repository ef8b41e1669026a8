using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraceBackend.Cql.Internal;
using TraceBackend.Cql.Internal.Cluster;
using TraceBackend.Cql.Internal.Connections;

namespace TraceBackend.Cql;

/// <summary>
/// A client for a Cassandra cluster over native protocol v4. Requests go round-robin to live contact points and, on a
/// host, to its least busy connection; each connection multiplexes many requests by stream id. Values bound and
/// returned use one CLR mapping: text/varchar/ascii ↔ <see cref="string"/>, bigint/counter ↔ <see cref="long"/>,
/// int ↔ <see cref="int"/>, boolean ↔ <see cref="bool"/>, double ↔ <see cref="double"/>, float ↔ <see cref="float"/>,
/// blob ↔ <see cref="byte"/>[] (also <see cref="ReadOnlyMemory{T}"/> when binding), timestamp ↔
/// <see cref="DateTimeOffset"/> (also <see cref="DateTime"/> and <see cref="long"/> ms when binding), uuid/timeuuid ↔
/// <see cref="Guid"/>, list/set ↔ <see cref="IReadOnlyList{T}"/> of object (any IEnumerable when binding), map ↔
/// <see cref="IReadOnlyDictionary{TKey,TValue}"/> of object, UDT ↔ <see cref="IReadOnlyDictionary{TKey,TValue}"/> from
/// field name (decoded as <see cref="CqlUdtValue"/>), smallint ↔ short, tinyint ↔ sbyte, varint ↔ BigInteger, null ↔
/// null. All members are safe to call concurrently.
/// </summary>
public sealed partial class CqlCluster : IAsyncDisposable
{
    private readonly CqlClusterOptions _options;
    private readonly CqlHostPool[] _hosts;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown;
    private readonly ConcurrentDictionary<string, Lazy<Task<CqlPreparedStatement>>> _prepared = new(StringComparer.Ordinal);
    private int _next = -1;
    private int _disposed;

    private CqlCluster(CqlClusterOptions options, CqlHostPool[] hosts, ILogger logger, CancellationTokenSource shutdown)
    {
        _options = options;
        _hosts = hosts;
        _logger = logger;
        _shutdown = shutdown;
    }

    /// <summary>The cluster's hosts (one per distinct contact point), for tests and diagnostics.</summary>
    internal IReadOnlyList<CqlHostPool> Hosts => _hosts;

    /// <summary>
    /// Opens one connection to every contact point at once and returns as soon as one succeeds (the other attempts
    /// finish in the background; hosts that fail are marked down and retried with backoff). When none succeeds this throws the
    /// server's rejection if a host gave one (<see cref="CqlAuthenticationException"/>,
    /// <see cref="CqlKeyspaceNotFoundException"/>, …), otherwise <see cref="CqlConnectionException"/>.
    /// </summary>
    public static Task<CqlCluster> ConnectAsync(CqlClusterOptions options, CancellationToken ct) =>
        ConnectAsync(options, maxStreamsPerConnection: 1024, ct);

    internal static async Task<CqlCluster> ConnectAsync(CqlClusterOptions options, int maxStreamsPerConnection, CancellationToken ct)
    {
        Validate(options);
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("TraceBackend.Cql");
        var trusted = options.UseTls && options.TlsCaFile is { } caFile ? TlsValidation.LoadCertificates(caFile) : null;
        var settings = new CqlConnectionSettings(options, trusted, logger, maxStreamsPerConnection);
        var shutdown = new CancellationTokenSource();
        var hosts = options.ContactPoints
            .Select(point => CqlEndpoint.Parse(point, options.Port))
            .Distinct()
            .Select(endpoint => new CqlHostPool(endpoint, settings, shutdown.Token))
            .ToArray();
        var cluster = new CqlCluster(options, hosts, logger, shutdown);

        // Attempts run under the cluster's lifetime, so ones still running when another host answered finish in the
        // background (marking their host up or down); the caller's token only bounds the wait.
        var attempts = hosts.Select(host => TryOpenAsync(host, shutdown.Token)).ToArray();
        var pending = attempts.ToList();
        try
        {
            while (pending.Count > 0)
            {
                var finished = await Task.WhenAny(pending).WaitAsync(ct).ConfigureAwait(false);
                pending.Remove(finished);
                if (await finished.ConfigureAwait(false) is null)
                {
                    foreach (var host in hosts.Where(h => h.IsUp && h.TryPick() is not null))
                    {
                        host.EnsureFilled();
                    }

                    return cluster;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await cluster.DisposeAsync().ConfigureAwait(false);
        var failures = attempts.Select(a => a.Result).ToArray();
        if (failures.OfType<CqlServerException>().FirstOrDefault() is { } rejection)
        {
            ExceptionDispatchInfo.Throw(rejection);
        }

        var errors = new Dictionary<string, Exception?>();
        for (var i = 0; i < hosts.Length; i++)
        {
            errors[hosts[i].Name] = failures[i];
        }

        throw new CqlConnectionException("no contact point could be reached", errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        foreach (var host in _hosts)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }

        _shutdown.Dispose();
    }

    private static async Task<Exception?> TryOpenAsync(CqlHostPool host, CancellationToken ct)
    {
        try
        {
            await host.OpenAsync(ct).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// An open connection: first any open one on a live host (round-robin start), else a newly opened one. Throws
    /// <see cref="CqlConnectionException"/> naming every host and its last error when no host can serve.
    /// </summary>
    private async Task<CqlConnection> GetConnectionAsync(CancellationToken ct)
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_hosts.Length);
        for (var i = 0; i < _hosts.Length; i++)
        {
            var host = _hosts[(start + i) % _hosts.Length];
            if (host.IsUp && host.TryPick() is { } connection)
            {
                host.EnsureFilled();
                return connection;
            }
        }

        var errors = new Dictionary<string, Exception?>();
        for (var i = 0; i < _hosts.Length; i++)
        {
            var host = _hosts[(start + i) % _hosts.Length];
            if (!host.IsUp)
            {
                errors[host.Name] = host.LastError;
                continue;
            }

            try
            {
                var connection = await host.OpenAsync(ct).ConfigureAwait(false);
                host.EnsureFilled();
                return connection;
            }
            catch (CqlServerException)
            {
                throw;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                errors[host.Name] = ex;
            }
        }

        throw new CqlConnectionException("no host can take the request", errors);
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            ThrowHelper.ThrowDisposed();
        }
    }

    private static void Validate(CqlClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ContactPoints is null || options.ContactPoints.Count == 0)
        {
            throw new ArgumentException("at least one contact point is required", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConnectionsPerHost, 1, nameof(options.ConnectionsPerHost));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options.ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options.RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ReconnectBaseDelay, TimeSpan.Zero, nameof(options.ReconnectBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReconnectMaxDelay, options.ReconnectBaseDelay, nameof(options.ReconnectMaxDelay));
        if (options.SerialConsistency is { } serial && serial is not (CqlConsistency.Serial or CqlConsistency.LocalSerial))
        {
            throw new ArgumentException("SerialConsistency must be Serial or LocalSerial", nameof(options));
        }
    }
}
