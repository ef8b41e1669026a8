namespace TraceBackend.Host.Options;

public static partial class OptionsParser
{
    /// <summary><c>--cassandra-*</c>: Jaeger's <c>--cassandra.*</c> flags with dashes, plus the schema settings of its create.sh.</summary>
    private static OptionDefinition[] CassandraDefinitions() =>
    [
        new("cassandra-servers", "LIST", "cassandra: comma-separated contact points, host or host:port (default 127.0.0.1)", static (o, v) => o with { Cassandra = o.Cassandra with { Servers = NonEmptyList("cassandra-servers", v) } }),
        new("cassandra-port", "PORT", "cassandra: port of contact points given without one (default 9042)", static (o, v) => o with { Cassandra = o.Cassandra with { Port = IntInRange("cassandra-port", v, 1, 65535) } }),
        new("cassandra-keyspace", "NAME", "cassandra: keyspace (default jaeger_v1_dc1)", static (o, v) => o with { Cassandra = o.Cassandra with { Keyspace = Identifier("cassandra-keyspace", v) } }),
        new("cassandra-username", "NAME", "cassandra: user for PasswordAuthenticator", static (o, v) => o with { Cassandra = o.Cassandra with { Username = v } }),
        new("cassandra-password", "SECRET", "cassandra: password for PasswordAuthenticator", static (o, v) => o with { Cassandra = o.Cassandra with { Password = v } }),
        new("cassandra-tls-enabled", "BOOL", "cassandra: connect with TLS (default false)", static (o, v) => o with { Cassandra = o.Cassandra with { TlsEnabled = Bool("cassandra-tls-enabled", v) } }),
        new("cassandra-tls-ca", "FILE", "cassandra: PEM file of the CA that signed the servers' certificates", static (o, v) => o with { Cassandra = o.Cassandra with { TlsCa = AnyExistingFile("cassandra-tls-ca", v), TlsEnabled = true } }),
        new("cassandra-tls-server-name", "NAME", "cassandra: host name expected in the servers' certificates", static (o, v) => o with { Cassandra = o.Cassandra with { TlsServerName = v, TlsEnabled = true } }),
        new("cassandra-tls-skip-host-verify", "BOOL", "cassandra: accept any server certificate (labs only; default false)", static (o, v) => o with { Cassandra = o.Cassandra with { TlsSkipHostVerify = Bool("cassandra-tls-skip-host-verify", v) } }),
        new("cassandra-consistency", "LEVEL", "cassandra: consistency of reads and writes: ANY, ONE, TWO, THREE, QUORUM, ALL, LOCAL_QUORUM, EACH_QUORUM, LOCAL_ONE (default LOCAL_ONE)", static (o, v) => o with { Cassandra = o.Cassandra with { Consistency = ConsistencyLevel("cassandra-consistency", v) } }),
        new("cassandra-compression", "NAME", "cassandra: frame compression none or lz4 (default none)", static (o, v) => o with { Cassandra = o.Cassandra with { Compression = Choice("cassandra-compression", v, "none", "lz4").ToLowerInvariant() } }),
        new("cassandra-connections-per-host", "N", "cassandra: connections per node (default 2)", static (o, v) => o with { Cassandra = o.Cassandra with { ConnectionsPerHost = IntInRange("cassandra-connections-per-host", v, 1, 64) } }),
        new("cassandra-timeout", "DURATION", "cassandra: timeout of one read or schema request (default 12s)", static (o, v) => o with { Cassandra = o.Cassandra with { Timeout = PositiveDuration("cassandra-timeout", v) } }),
        new("cassandra-write-timeout", "DURATION", "cassandra: timeout of one write request, retried within --cassandra-retry-budget (default 3s)", static (o, v) => o with { Cassandra = o.Cassandra with { WriteTimeout = PositiveDuration("cassandra-write-timeout", v) } }),
        new("cassandra-connect-timeout", "DURATION", "cassandra: timeout of connecting to a node (default 5s)", static (o, v) => o with { Cassandra = o.Cassandra with { ConnectTimeout = PositiveDuration("cassandra-connect-timeout", v) } }),
        new("cassandra-create-schema", "BOOL", "cassandra: create the keyspace, types and tables at start-up when missing (default false)", static (o, v) => o with { Cassandra = o.Cassandra with { CreateSchema = Bool("cassandra-create-schema", v) } }),
        new("cassandra-datacenter", "NAME", "cassandra schema: datacenter for NetworkTopologyStrategy; empty = SimpleStrategy (default empty)", static (o, v) => o with { Cassandra = o.Cassandra with { Datacenter = v } }),
        new("cassandra-replication-factor", "N", "cassandra schema: replication factor (default 1)", static (o, v) => o with { Cassandra = o.Cassandra with { ReplicationFactor = IntInRange("cassandra-replication-factor", v, 1, 100) } }),
        new("cassandra-trace-ttl", "DURATION", "cassandra schema: time to live of spans and indexes, 0 = none (default 48h)", static (o, v) => o with { Cassandra = o.Cassandra with { TraceTtl = NonNegativeDuration("cassandra-trace-ttl", v) } }),
        new("cassandra-dependencies-ttl", "DURATION", "cassandra schema: time to live of dependency snapshots, 0 = none (default 0)", static (o, v) => o with { Cassandra = o.Cassandra with { DependenciesTtl = NonNegativeDuration("cassandra-dependencies-ttl", v) } }),
        new("cassandra-compaction-window", "DURATION", "cassandra schema: compaction window of the traces table (default: TTL / 30, in minutes)", static (o, v) => o with { Cassandra = o.Cassandra with { CompactionWindow = PositiveDuration("cassandra-compaction-window", v) } }),
        new("cassandra-span-store-write-cache-ttl", "DURATION", "cassandra: how long a service/operation pair is not rewritten, 0 = always rewrite (default 12h)", static (o, v) => o with { Cassandra = o.Cassandra with { WriteCacheTtl = NonNegativeDuration("cassandra-span-store-write-cache-ttl", v) } }),
        new("cassandra-max-inflight-writes", "N", "cassandra: CQL requests the store keeps in flight at once, across all writes (default 64)", static (o, v) => o with { Cassandra = o.Cassandra with { MaxInflightWrites = IntInRange("cassandra-max-inflight-writes", v, 1, 4096) } }),
        new("cassandra-retry-budget", "DURATION", "cassandra: how long a failing write is retried before the collector answers 503, 0 = no retries (default 4s)", static (o, v) => o with { Cassandra = o.Cassandra with { RetryBudget = NonNegativeDuration("cassandra-retry-budget", v) } }),
        new("cassandra-index-tags", "BOOL", "cassandra: index span tags for search (default true)", static (o, v) => o with { Cassandra = o.Cassandra with { IndexTags = Bool("cassandra-index-tags", v) } }),
        new("cassandra-index-process-tags", "BOOL", "cassandra: index process (resource) tags for search (default true)", static (o, v) => o with { Cassandra = o.Cassandra with { IndexProcessTags = Bool("cassandra-index-process-tags", v) } }),
        new("cassandra-index-logs", "BOOL", "cassandra: index log (event) fields for search (default true)", static (o, v) => o with { Cassandra = o.Cassandra with { IndexLogs = Bool("cassandra-index-logs", v) } }),
        new("cassandra-index-tag-blacklist", "LIST", "cassandra: comma-separated tag keys never indexed", static (o, v) => o with { Cassandra = o.Cassandra with { IndexTagDenyList = List(v) } }),
        new("cassandra-index-tag-whitelist", "LIST", "cassandra: comma-separated tag keys, the only ones indexed", static (o, v) => o with { Cassandra = o.Cassandra with { IndexTagAllowList = List(v) } }),
    ];

    /// <summary>A CQL consistency level by its CQL name (<c>LOCAL_QUORUM</c>); the serial levels are for conditional updates only.</summary>
    private static TraceBackend.Cql.CqlConsistency ConsistencyLevel(string flag, string value)
    {
        var name = Choice(flag, value, "ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_QUORUM", "EACH_QUORUM", "LOCAL_ONE");
        return Enum.Parse<TraceBackend.Cql.CqlConsistency>(name.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
    }

    private static IReadOnlyList<string> NonEmptyList(string flag, string value) =>
        List(value) is { Count: > 0 } list ? list : throw new OptionsException($"--{flag}: must name at least one entry");

    /// <summary>A CQL identifier as Jaeger's create.sh accepts it: letters, digits, underscores.</summary>
    private static string Identifier(string flag, string value) =>
        value.Length is > 0 and <= 48 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? value
            : throw new OptionsException($"--{flag}: '{value}' must be 1 to 48 letters, digits or underscores");

    private static string AnyExistingFile(string flag, string value) =>
        File.Exists(value) ? Path.GetFullPath(value) : throw new OptionsException($"--{flag}: file '{value}' does not exist");
}
