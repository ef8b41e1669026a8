using TraceBackend.Storage.Embedded;
using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Host.Options;

/// <summary>
/// Every setting of the process, with its documented default. Built by <see cref="OptionsParser"/> from
/// appsettings.json, <c>TRACEBACKEND_*</c> environment variables and the command line (later wins).
/// </summary>
public sealed record TraceBackendOptions
{
    public Role Role { get; init; } = Role.AllInOne;

    /// <summary><c>embedded</c> (the default: durable, under <see cref="StoragePath"/>), <c>memory</c>, <c>cassandra</c> or <c>elasticsearch</c> (also <c>opensearch</c>).</summary>
    public string Storage { get; init; } = "embedded";

    /// <summary>Embedded store: data directory (<c>wal/</c>, <c>blocks/</c>), relative to the working directory.</summary>
    public string StoragePath { get; init; } = EmbeddedStoreOptions.DefaultPath;

    /// <summary>Embedded store: when a write is acknowledged relative to fsync.</summary>
    public WalSyncMode WalSync { get; init; } = WalSyncMode.Always;

    /// <summary>Embedded store: blocks older than this are deleted; zero keeps everything.</summary>
    public TimeSpan Retention { get; init; } = EmbeddedStoreOptions.DefaultRetention;

    /// <summary>Embedded store: a trace idle this long is cut from the head into a block.</summary>
    public TimeSpan StorageTraceIdlePeriod { get; init; } = EmbeddedStoreOptions.DefaultTraceIdlePeriod;

    /// <summary>Embedded store: head size, in spans, above which traces are cut early.</summary>
    public int StorageMaxHeadSpans { get; init; } = EmbeddedStoreOptions.DefaultMaxHeadSpans;

    public int MemoryMaxTraces { get; init; } = 100_000;

    /// <summary><c>--cassandra-*</c>: the Cassandra store on Jaeger's v004 keyspace layout.</summary>
    public CassandraSettings Cassandra { get; init; } = new();

    /// <summary><c>--es-*</c>: the Elasticsearch/OpenSearch store on Jaeger's index layout.</summary>
    public TraceBackend.Storage.Elasticsearch.ElasticsearchOptions Elasticsearch { get; init; } = new();

    /// <summary>Run the in-process dependencies job (stores with dependency snapshots only); null = in all-in-one only.</summary>
    public bool? DependenciesJob { get; init; }

    /// <summary>Length of one dependencies period (snapshot), aligned to the epoch.</summary>
    public TimeSpan DependenciesInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often the current dependencies period is recomputed; zero = only once, after it ends.</summary>
    public TimeSpan DependenciesRefresh { get; init; } = TimeSpan.FromMinutes(15);

    public int MemoryMaxOperationsPerService { get; init; } = 10_000;

    public ListenAddress OtlpGrpc { get; init; } = new(System.Net.IPAddress.Any, 4317);

    public ListenAddress OtlpHttp { get; init; } = new(System.Net.IPAddress.Any, 4318);

    public ListenAddress QueryHttp { get; init; } = new(System.Net.IPAddress.Any, 16686);

    public ListenAddress AdminHttp { get; init; } = new(System.Net.IPAddress.Any, 8888);

    /// <summary>Jaeger gRPC collector (<c>jaeger.api_v2.CollectorService/PostSpans</c>), Jaeger's port 14250.</summary>
    public ListenAddress JaegerGrpc { get; init; } = new(System.Net.IPAddress.Any, 14250);

    public bool JaegerGrpcEnabled { get; init; } = true;

    /// <summary>Zipkin HTTP collector (<c>POST /api/v2/spans</c>), Zipkin's port 9411.</summary>
    public ListenAddress Zipkin { get; init; } = new(System.Net.IPAddress.Any, 9411);

    public bool ZipkinEnabled { get; init; } = true;

    /// <summary>Jaeger Thrift over HTTP (<c>POST /api/traces</c>, binary or compact Thrift), jaeger-collector's port 14268.</summary>
    public ListenAddress JaegerThriftHttp { get; init; } = new(System.Net.IPAddress.Any, 14268);

    public bool JaegerThriftHttpEnabled { get; init; } = true;

    /// <summary>Jaeger agent UDP, compact Thrift <c>Agent.emitBatch</c> datagrams, port 6831.</summary>
    public ListenAddress JaegerAgentCompact { get; init; } = new(System.Net.IPAddress.Any, 6831);

    /// <summary>Jaeger agent UDP, binary Thrift <c>Agent.emitBatch</c> datagrams (node jaeger-client), port 6832.</summary>
    public ListenAddress JaegerAgentBinary { get; init; } = new(System.Net.IPAddress.Any, 6832);

    /// <summary>Whether both Jaeger agent UDP ports listen.</summary>
    public bool JaegerAgentEnabled { get; init; } = true;

    /// <summary>Socket receive buffer of each Jaeger agent UDP port (bytes; the OS may cap it).</summary>
    public int JaegerAgentReceiveBufferBytes { get; init; } = TraceBackend.Collector.Jaeger.Thrift.JaegerAgentOptions.DefaultReceiveBufferBytes;

    /// <summary>gRPC query services (<c>jaeger.api_v2/api_v3.QueryService</c>, health, reflection), Jaeger's port 16685.</summary>
    public ListenAddress QueryGrpc { get; init; } = new(System.Net.IPAddress.Any, 16685);

    public bool QueryGrpcEnabled { get; init; } = true;

    /// <summary>A Jaeger UI build (folder with index.html and static/) served from the query port; null = none.</summary>
    public string? UiPath { get; init; }

    /// <summary>A Jaeger UI config file (.json or .js) injected into index.html; null = none.</summary>
    public string? UiConfig { get; init; }

    /// <summary>Prefix of every query-port route, e.g. <c>/jaeger</c>; empty = none.</summary>
    public string QueryBasePath { get; init; } = "";

    public int IngestQueueSpans { get; init; } = 50_000;

    public int IngestBatchSpans { get; init; } = 8192;

    public int OtlpGrpcMaxRecvBytes { get; init; } = 4 * 1024 * 1024;

    public int OtlpHttpMaxBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Origins allowed to send OTLP/HTTP from a browser; empty (the default) disables CORS, as the OpenTelemetry Collector does.</summary>
    public IReadOnlyList<string> OtlpHttpCorsOrigins { get; init; } = [];

    public string LogLevel { get; init; } = "Information";

    /// <summary>Feed built-in HotROD-shaped demo traffic through the ingest path (collector roles only).</summary>
    public bool Demo { get; init; }

    public bool RunsCollector => Role is Role.AllInOne or Role.Collector;

    public bool RunsQuery => Role is Role.AllInOne or Role.Query;

    public bool RunsDependenciesJob => DependenciesJob ?? Role == Role.AllInOne;
}
