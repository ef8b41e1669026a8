using System.Net.Sockets;
using TraceBackend.Cql;

namespace TraceBackend.Storage.Cassandra;

/// <summary>
/// Settings of <see cref="CassandraTraceStore"/> with their defaults (Jaeger's where Jaeger has one). Consistency,
/// timeouts and connections are the session's business. <see cref="Validate"/> is called by the store's constructor.
/// </summary>
public sealed record CassandraStoreOptions
{
    public static readonly TimeSpan DefaultWriteCacheTtl = TimeSpan.FromHours(12);
    public const int DefaultMaxInFlightWrites = 64;
    public static readonly TimeSpan DefaultRetryInitialDelay = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan DefaultRetryMaxDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultRetryBudget = TimeSpan.FromSeconds(4);

    /// <summary>Keyspace of the tables; statements name it explicitly (<c>keyspace.table</c>).</summary>
    public string Keyspace { get; init; } = Schema.CassandraSchemaOptions.DefaultKeyspace;

    /// <summary>
    /// How long a written service name or (service, kind, operation) stays in the write cache, which skips rewriting
    /// the <c>service_names</c> and <c>operation_names_v2</c> rows (Jaeger's <c>span_store_write_cache_ttl</c>, 12 h).
    /// Zero disables the cache (every span rewrites them).
    /// </summary>
    public TimeSpan WriteCacheTtl { get; init; } = DefaultWriteCacheTtl;

    /// <summary>Entries of the service-name write cache (Jaeger: 10 000); least recently used ones are evicted.</summary>
    public int ServiceCacheSize { get; init; } = 10_000;

    /// <summary>Entries of the operation write cache (Jaeger: 100 000).</summary>
    public int OperationCacheSize { get; init; } = 100_000;

    /// <summary>
    /// CQL write requests the store has in flight at once, over all concurrent <see cref="ITraceWriter.WriteAsync"/>
    /// calls (a request is one INSERT or one single-partition batch, retries included).
    /// </summary>
    public int MaxInFlightWrites { get; init; } = DefaultMaxInFlightWrites;

    /// <summary>Statements per single-partition batch; larger groups are split.</summary>
    public int MaxBatchStatements { get; init; } = 100;

    /// <summary>Estimated bytes of span rows in one batch (1 MiB): large spans are sent in smaller batches, alone if need be.</summary>
    public int MaxBatchBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Which failures are retried (with exponential backoff, within <see cref="RetryBudget"/>). Default
    /// <see cref="IsTransientByDefault"/>.
    /// </summary>
    public Func<Exception, bool> IsTransient { get; init; } = IsTransientByDefault;

    /// <summary>First retry delay; doubled per attempt up to <see cref="RetryMaxDelay"/> (±20 % jitter).</summary>
    public TimeSpan RetryInitialDelay { get; init; } = DefaultRetryInitialDelay;

    public TimeSpan RetryMaxDelay { get; init; } = DefaultRetryMaxDelay;

    /// <summary>
    /// Longest time one request keeps being retried; then its last failure is thrown, the write fails and the
    /// collector's bounded queue pushes back. Zero disables retries.
    /// </summary>
    public TimeSpan RetryBudget { get; init; } = DefaultRetryBudget;

    /// <summary>Index span tags (Jaeger <c>index.tags</c>).</summary>
    public bool IndexTags { get; init; } = true;

    /// <summary>Index process tags (Jaeger <c>index.process_tags</c>).</summary>
    public bool IndexProcessTags { get; init; } = true;

    /// <summary>Index log fields (Jaeger <c>index.logs</c>).</summary>
    public bool IndexLogs { get; init; } = true;

    /// <summary>Tag keys never indexed (Jaeger <c>index.tag_blacklist</c>); exclusive with <see cref="IndexTagAllowList"/>.</summary>
    public IReadOnlyList<string> IndexTagDenyList { get; init; } = [];

    /// <summary>When not empty, the only tag keys indexed (Jaeger <c>index.tag_whitelist</c>).</summary>
    public IReadOnlyList<string> IndexTagAllowList { get; init; } = [];

    /// <summary>Concurrent reads (trace partitions, index queries, services) of one search or multi-get.</summary>
    public int MaxConcurrentReads { get; init; } = 16;

    /// <summary>Index rows one search reads at most per service (the first read takes limit × 3 rows, as Jaeger).</summary>
    public int SearchIndexRowBudget { get; init; } = 20_000;

    /// <summary>Traces one search loads at most to check them against the query.</summary>
    public int SearchTraceBudget { get; init; } = 2_000;

    /// <summary>
    /// The default <see cref="IsTransient"/>: the CQL client's retryable failures (timeouts, unavailable, overloaded,
    /// bootstrapping, lost connections), <see cref="TimeoutException"/>, <see cref="IOException"/> and
    /// <see cref="SocketException"/>. Cancellation is never transient.
    /// </summary>
    public static bool IsTransientByDefault(Exception exception) => exception switch
    {
        OperationCanceledException => false,
        CqlException cql => cql.IsRetryable,
        TimeoutException or IOException or SocketException => true,
        _ => false,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting and its allowed range.</summary>
    public void Validate()
    {
        Schema.CassandraSchemaOptions.ValidateKeyspace(Keyspace);
        NotNegative(WriteCacheTtl, nameof(WriteCacheTtl));
        AtLeastOne(ServiceCacheSize, nameof(ServiceCacheSize));
        AtLeastOne(OperationCacheSize, nameof(OperationCacheSize));
        AtLeastOne(MaxInFlightWrites, nameof(MaxInFlightWrites));
        AtLeastOne(MaxBatchStatements, nameof(MaxBatchStatements));
        AtLeastOne(MaxBatchBytes, nameof(MaxBatchBytes));
        AtLeastOne(MaxConcurrentReads, nameof(MaxConcurrentReads));
        AtLeastOne(SearchIndexRowBudget, nameof(SearchIndexRowBudget));
        AtLeastOne(SearchTraceBudget, nameof(SearchTraceBudget));
        NotNegative(RetryInitialDelay, nameof(RetryInitialDelay));
        NotNegative(RetryMaxDelay, nameof(RetryMaxDelay));
        NotNegative(RetryBudget, nameof(RetryBudget));
        ArgumentNullException.ThrowIfNull(IsTransient, nameof(IsTransient));
        ArgumentNullException.ThrowIfNull(IndexTagDenyList, nameof(IndexTagDenyList));
        ArgumentNullException.ThrowIfNull(IndexTagAllowList, nameof(IndexTagAllowList));
        if (IndexTagDenyList.Count > 0 && IndexTagAllowList.Count > 0)
        {
            throw new ArgumentException("only one of the tag index deny list and allow list can be set (as Jaeger).", nameof(IndexTagAllowList));
        }
    }

    private static void AtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{name} must be at least 1 (was {value}).", name);
        }
    }

    private static void NotNegative(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must not be negative (was {value}).", name);
        }
    }
}
