namespace TraceBackend.Host.Options;

/// <summary>
/// The <c>--cassandra-*</c> settings (Jaeger's <c>--cassandra.*</c> names with dashes). <see cref="StorageFactory"/>
/// turns them into the CQL client's, the store's and the schema's options.
/// </summary>
public sealed record CassandraSettings
{
    /// <summary>Contact points, <c>host</c> or <c>host:port</c>.</summary>
    public IReadOnlyList<string> Servers { get; init; } = ["127.0.0.1"];

    public int Port { get; init; } = 9042;

    /// <summary>Jaeger's create.sh default for datacenter <c>dc1</c>: <c>jaeger_v1_dc1</c>.</summary>
    public string Keyspace { get; init; } = "jaeger_v1_dc1";

    public string? Username { get; init; }

    public string? Password { get; init; }

    public bool TlsEnabled { get; init; }

    public string? TlsCa { get; init; }

    public bool TlsSkipHostVerify { get; init; }

    public string? TlsServerName { get; init; }

    /// <summary>CQL consistency level name for reads and writes (Jaeger's default LOCAL_ONE).</summary>
    public TraceBackend.Cql.CqlConsistency Consistency { get; init; } = TraceBackend.Cql.CqlConsistency.LocalOne;

    /// <summary><c>none</c> or <c>lz4</c>.</summary>
    public string Compression { get; init; } = "none";

    public int ConnectionsPerHost { get; init; } = 2;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>Timeout of one write request (Cassandra's own coordinator write timeout is 2 s).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Create the keyspace and tables at start-up when missing (<c>--cassandra-create-schema</c>).</summary>
    public bool CreateSchema { get; init; }

    /// <summary>Schema: datacenter for NetworkTopologyStrategy; empty = SimpleStrategy.</summary>
    public string Datacenter { get; init; } = "";

    public int ReplicationFactor { get; init; } = 1;

    /// <summary>Schema: TTL of spans and indexes (create.sh default 2 days).</summary>
    public TimeSpan TraceTtl { get; init; } = TimeSpan.FromDays(2);

    /// <summary>Schema: TTL of dependency snapshots; zero = none.</summary>
    public TimeSpan DependenciesTtl { get; init; } = TimeSpan.Zero;

    /// <summary>Schema: compaction window of the traces table; null = about 30 windows per TTL, as create.sh.</summary>
    public TimeSpan? CompactionWindow { get; init; }

    /// <summary>How long a service/operation stays in the write cache (Jaeger's span-store-write-cache-ttl, 12h).</summary>
    public TimeSpan WriteCacheTtl { get; init; } = TimeSpan.FromHours(12);

    /// <summary>CQL write requests the store keeps in flight at once, across concurrent writes.</summary>
    public int MaxInflightWrites { get; init; } = 64;

    /// <summary>How long a write is retried on transient failures before it fails (the store's default).</summary>
    public TimeSpan RetryBudget { get; init; } = TraceBackend.Storage.Cassandra.CassandraStoreOptions.DefaultRetryBudget;

    public bool IndexTags { get; init; } = true;

    public bool IndexProcessTags { get; init; } = true;

    public bool IndexLogs { get; init; } = true;

    /// <summary>Tag keys never indexed (Jaeger's tag-blacklist).</summary>
    public IReadOnlyList<string> IndexTagDenyList { get; init; } = [];

    /// <summary>When set, only these tag keys are indexed (Jaeger's tag-whitelist).</summary>
    public IReadOnlyList<string> IndexTagAllowList { get; init; } = [];
}
