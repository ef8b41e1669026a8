using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Storage.Cassandra;

/// <summary>
/// Trace store on Jaeger's Cassandra schema v004 (<see cref="Schema.CassandraSchema"/>), reading and writing the same
/// rows as Jaeger so each can read the other's data (docs/adr/004-cassandra-layout.md):
/// <list type="bullet">
/// <item>Writes: per span a <c>traces</c> row and the index rows Jaeger writes (<see cref="SpanIndexRows"/>),
/// grouped by partition into single-partition requests run concurrently with at most
/// <see cref="CassandraStoreOptions.MaxInFlightWrites"/> in flight, transient failures retried with backoff
/// (<see cref="RequestRunner"/>). A write completes only when every row is written; when the cluster stays
/// unavailable it fails, so the collector's bounded queue pushes back and nothing acknowledged is lost. Rewrites
/// are idempotent (<see cref="SpanHash"/> keys the row on its content).</item>
/// <item>Reads: whole trace partitions (spans de-duplicated by <see cref="Model.Span.Key"/>), service and operation
/// tables, and searches that take candidates from the most selective index and check every condition on the loaded
/// spans (<c>Search/</c>), so tags, durations, operation and time window all hold on one span.</item>
/// <item>Dependencies: snapshots in <c>dependencies_v2</c>, written by the dependencies job.</item>
/// </list>
/// Thread-safe. The session is not owned: disposing the store does not close it.
/// </summary>
public sealed partial class CassandraTraceStore : ITraceStore, IDependencyWriter, ITraceScanner, IAsyncDisposable
{
    /// <summary>Day buckets bound in one <c>ts_bucket IN ?</c> query.</summary>
    public const int MaxDependencyBucketsPerQuery = 100;

    /// <summary>Dependency reads look back at most this far (ten years).</summary>
    public static readonly TimeSpan MaxDependencyLookback = TimeSpan.FromDays(3653);

    private static readonly StorageCapabilities s_capabilities = new() { Durable = true, SearchWithoutServiceName = true };

    private readonly ITraceTables _tables;
    private readonly CassandraStoreOptions _options;
    private readonly TagIndexPolicy _tagPolicy;
    private readonly RequestRunner _runner;
    private readonly WriteCache<string> _serviceCache;
    private readonly WriteCache<OperationNameRow> _operationCache;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly IAsyncDisposable? _ownedSession;

    /// <summary>
    /// A store over <paramref name="session"/> with the tables in <see cref="CassandraStoreOptions.Keyspace"/>. Throws
    /// <see cref="ArgumentException"/> for invalid options. The schema must exist (see
    /// <see cref="Schema.CassandraSchema.CreateAsync"/>). With <paramref name="ownsSession"/> the store disposes the
    /// session (when it is <see cref="IAsyncDisposable"/>) after its own disposal.
    /// </summary>
    public CassandraTraceStore(ICassandraSession session, CassandraStoreOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, bool ownsSession = false)
        : this(new CqlTraceTables(session ?? throw new ArgumentNullException(nameof(session)), Validated(options).Keyspace), options, loggerFactory, timeProvider)
    {
        _ownedSession = ownsSession ? session as IAsyncDisposable : null;
    }

    internal CassandraTraceStore(ITraceTables tables, CassandraStoreOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        _tables = tables ?? throw new ArgumentNullException(nameof(tables));
        _options = Validated(options);
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CassandraTraceStore>();
        _tagPolicy = new TagIndexPolicy(options.IndexTags, options.IndexProcessTags, options.IndexLogs, options.IndexTagAllowList, options.IndexTagDenyList);
        _runner = new RequestRunner(options, _time, _logger);
        _serviceCache = new WriteCache<string>(options.ServiceCacheSize, options.WriteCacheTtl, _time);
        _operationCache = new WriteCache<OperationNameRow>(options.OperationCacheSize, options.WriteCacheTtl, _time);
    }

    public StorageCapabilities Capabilities => s_capabilities;

    public CassandraStoreOptions Options => _options;

    /// <summary>
    /// Cancels pending retries and backoffs, then disposes an owned session; later calls throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed.IsCancellationRequested)
        {
            await _disposed.CancelAsync().ConfigureAwait(false);
            if (_ownedSession is not null)
            {
                await _ownedSession.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static CassandraStoreOptions Validated(CassandraStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>A token cancelled by the caller or by disposal; throws when the store is disposed.</summary>
    private CancellationTokenSource Link(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        return CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
    }
}
