using System.Globalization;
using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Host.Options;

/// <summary>
/// Builds <see cref="TraceBackendOptions"/> from, in increasing precedence: defaults, the <c>TraceBackend</c>
/// section of <c>appsettings.json</c>, <c>TRACEBACKEND_*</c> environment variables, the command line
/// (<c>[role] --flag value</c> or <c>--flag=value</c>). Any unknown flag or bad value throws
/// <see cref="OptionsException"/> with a one-line message naming the flag.
/// </summary>
public static partial class OptionsParser
{
    public const string SettingsSection = "TraceBackend";

    internal static readonly OptionDefinition[] Definitions = [.. CoreDefinitions(), .. CassandraDefinitions(), .. ElasticsearchDefinitions()];

    private static OptionDefinition[] CoreDefinitions() =>
    [
        new("storage", "NAME", "storage backend: embedded (durable, on disk), memory, cassandra, elasticsearch or opensearch (default embedded)", static (o, v) => o with { Storage = StorageName(v) }),
        new("storage-path", "DIR", "embedded store: data directory, created if missing (default ./data)", static (o, v) => o with { StoragePath = NonEmpty("storage-path", v) }),
        new("wal-sync", "MODE", "embedded store: when a write is acknowledged: always (after fsync), interval (fsync every second), none (default always)", static (o, v) => o with { WalSync = SyncMode("wal-sync", v) }),
        new("retention", "DURATION", "embedded store: delete traces older than this, e.g. 72h or 30m; 0 keeps everything (default 72h)", static (o, v) => o with { Retention = NonNegativeDuration("retention", v) }),
        new("storage-trace-idle-period", "DURATION", "embedded store: a trace with no new span for this long is written to a block (default 10s)", static (o, v) => o with { StorageTraceIdlePeriod = PositiveDuration("storage-trace-idle-period", v) }),
        new("storage-max-head-spans", "N", "embedded store: spans kept in memory before the least recently updated traces are written to blocks early (default 100000)", static (o, v) => o with { StorageMaxHeadSpans = PositiveInt("storage-max-head-spans", v) }),
        new("memory-max-traces", "N", "traces kept by the memory store before the oldest is evicted (default 100000)", static (o, v) => o with { MemoryMaxTraces = PositiveInt("memory-max-traces", v) }),
        new("memory-max-operations-per-service", "N", "operation names the memory store lists per service (default 10000; more stay searchable)", static (o, v) => o with { MemoryMaxOperationsPerService = PositiveInt("memory-max-operations-per-service", v) }),
        new("otlp-grpc", "HOST:PORT", "OTLP/gRPC listen address (default :4317)", static (o, v) => o with { OtlpGrpc = Address("otlp-grpc", v) }),
        new("otlp-http", "HOST:PORT", "OTLP/HTTP listen address (default :4318)", static (o, v) => o with { OtlpHttp = Address("otlp-http", v) }),
        new("query-http", "HOST:PORT", "query HTTP (Jaeger API and UI) listen address (default :16686)", static (o, v) => o with { QueryHttp = Address("query-http", v) }),
        new("jaeger-grpc", "HOST:PORT", "Jaeger gRPC collector (PostSpans) listen address (default :14250)", static (o, v) => o with { JaegerGrpc = Address("jaeger-grpc", v) }),
        new("jaeger-grpc-enabled", "BOOL", "accept Jaeger gRPC spans (default true)", static (o, v) => o with { JaegerGrpcEnabled = Bool("jaeger-grpc-enabled", v) }),
        new("zipkin", "HOST:PORT", "Zipkin collector (POST /api/v2/spans) listen address (default :9411)", static (o, v) => o with { Zipkin = Address("zipkin", v) }),
        new("zipkin-enabled", "BOOL", "accept Zipkin spans (default true)", static (o, v) => o with { ZipkinEnabled = Bool("zipkin-enabled", v) }),
        new("jaeger-thrift-http", "HOST:PORT", "Jaeger Thrift HTTP collector (POST /api/traces) listen address (default :14268)", static (o, v) => o with { JaegerThriftHttp = Address("jaeger-thrift-http", v) }),
        new("jaeger-thrift-http-enabled", "BOOL", "accept Jaeger Thrift spans over HTTP (default true)", static (o, v) => o with { JaegerThriftHttpEnabled = Bool("jaeger-thrift-http-enabled", v) }),
        new("jaeger-agent-compact", "HOST:PORT", "Jaeger agent UDP address for compact Thrift emitBatch (default :6831)", static (o, v) => o with { JaegerAgentCompact = Address("jaeger-agent-compact", v) }),
        new("jaeger-agent-binary", "HOST:PORT", "Jaeger agent UDP address for binary Thrift emitBatch (default :6832)", static (o, v) => o with { JaegerAgentBinary = Address("jaeger-agent-binary", v) }),
        new("jaeger-agent-enabled", "BOOL", "accept Jaeger agent UDP spans on both ports (default true)", static (o, v) => o with { JaegerAgentEnabled = Bool("jaeger-agent-enabled", v) }),
        new("jaeger-agent-receive-buffer-bytes", "BYTES", "socket receive buffer of each Jaeger agent UDP port (default 4194304; 1024 to 1073741824)", static (o, v) => o with { JaegerAgentReceiveBufferBytes = IntInRange("jaeger-agent-receive-buffer-bytes", v, 1024, 1024 * 1024 * 1024) }),
        new("query-grpc", "HOST:PORT", "gRPC query (jaeger.api_v2/api_v3 QueryService, health, reflection) listen address (default :16685)", static (o, v) => o with { QueryGrpc = Address("query-grpc", v) }),
        new("query-grpc-enabled", "BOOL", "serve the gRPC query APIs (default true)", static (o, v) => o with { QueryGrpcEnabled = Bool("query-grpc-enabled", v) }),
        new("admin-http", "HOST:PORT", "admin HTTP (/metrics, /health) listen address (default :8888)", static (o, v) => o with { AdminHttp = Address("admin-http", v) }),
        new("ui-path", "DIR", "serve a Jaeger UI build from this folder on the query port", static (o, v) => o with { UiPath = ExistingDirectory("ui-path", v) }),
        new("ui-config", "FILE", "Jaeger UI configuration (.json or .js) injected into index.html", static (o, v) => o with { UiConfig = ExistingFile("ui-config", v) }),
        new("query-base-path", "PATH", "prefix of all query-port routes, e.g. /jaeger (default none)", static (o, v) => o with { QueryBasePath = BasePath("query-base-path", v) }),
        new("ingest-queue-spans", "N", "spans the ingest queue holds before answering 429/RESOURCE_EXHAUSTED (default 50000)", static (o, v) => o with { IngestQueueSpans = PositiveInt("ingest-queue-spans", v) }),
        new("ingest-batch-spans", "N", "largest storage write, in spans (default 8192)", static (o, v) => o with { IngestBatchSpans = PositiveInt("ingest-batch-spans", v) }),
        new("otlp-grpc-max-recv-bytes", "BYTES", "largest OTLP/gRPC message (default 4194304)", static (o, v) => o with { OtlpGrpcMaxRecvBytes = PositiveInt("otlp-grpc-max-recv-bytes", v) }),
        new("otlp-http-max-body-bytes", "BYTES", "largest OTLP/HTTP body, after decompression (default 8388608)", static (o, v) => o with { OtlpHttpMaxBodyBytes = PositiveInt("otlp-http-max-body-bytes", v) }),
        new("otlp-http-cors-origins", "LIST", "comma-separated origins allowed to POST OTLP/HTTP from browsers (CORS), * for any (default none)", static (o, v) => o with { OtlpHttpCorsOrigins = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }),
        new("demo", "", "all-in-one/collector: feed a gentle stream of HotROD-shaped demo traces through ingest", static (o, v) => o with { Demo = Bool("demo", v) }, IsSwitch: true),
        new("dependencies-job", "BOOL", "cassandra/elasticsearch: compute dependency links in-process and store them as snapshots (default true in all-in-one, false in collector/query)", static (o, v) => o with { DependenciesJob = Bool("dependencies-job", v) }),
        new("dependencies-interval", "DURATION", "length of one dependencies snapshot period, aligned to the epoch (default 1h)", static (o, v) => o with { DependenciesInterval = PositiveDuration("dependencies-interval", v) }),
        new("dependencies-refresh", "DURATION", "how often the current dependencies period is recomputed (each time rereads its spans so far); 0 = only after it ends (default 15m)", static (o, v) => o with { DependenciesRefresh = NonNegativeDuration("dependencies-refresh", v) }),
        new("log-level", "LEVEL", "Trace, Debug, Information, Warning, Error (default Information)", static (o, v) => o with { LogLevel = Choice("log-level", v, "Trace", "Debug", "Information", "Warning", "Error", "Critical", "None") }),
    ];

    /// <summary>Parses everything. <paramref name="environment"/> and <paramref name="settingsFile"/> may be null.</summary>
    public static TraceBackendOptions Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? settingsFile = null)
    {
        var options = new TraceBackendOptions();
        if (settingsFile is not null && File.Exists(settingsFile))
        {
            options = ApplySettingsFile(options, settingsFile);
        }

        if (environment is not null)
        {
            foreach (var definition in Definitions)
            {
                if (environment.TryGetValue(definition.EnvironmentVariable, out var value) && value is not null)
                {
                    options = Apply(options, definition, value, definition.EnvironmentVariable);
                }
            }
        }

        options = ApplyCommandLine(options, args);
        if (options.Demo && !options.RunsCollector)
        {
            throw new OptionsException("--demo: needs the all-in-one or collector role");
        }

        if (options.Cassandra.IndexTagAllowList.Count > 0 && options.Cassandra.IndexTagDenyList.Count > 0)
        {
            throw new OptionsException("--cassandra-index-tag-whitelist: cannot be combined with --cassandra-index-tag-blacklist (index only the listed keys, or all but the listed keys)");
        }

        return options;
    }

    private static TraceBackendOptions ApplyCommandLine(TraceBackendOptions options, IReadOnlyList<string> args)
    {
        var i = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            options = options with { Role = ParseRole(args[0]) };
            i = 1;
        }

        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new OptionsException($"unexpected argument '{arg}' (the role must come first: all-in-one, collector or query)");
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            var definition = Find(name) ?? throw new OptionsException($"unknown flag --{name} (see --help)");
            if (value is null && definition.IsSwitch)
            {
                value = "true";
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new OptionsException($"flag --{name} needs a value ({definition.ValueName})");
                }

                value = args[++i];
            }

            options = Apply(options, definition, value, "--" + name);
        }

        return options;
    }

    private static TraceBackendOptions ApplySettingsFile(TraceBackendOptions options, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new OptionsException($"{path}: invalid JSON: {e.Message}");
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty(SettingsSection, out var section))
            {
                return options;
            }

            if (section.ValueKind != JsonValueKind.Object)
            {
                throw new OptionsException($"{path}: \"{SettingsSection}\" must be an object");
            }

            foreach (var property in section.EnumerateObject())
            {
                if (property.Name == "role")
                {
                    options = options with { Role = ParseRole(property.Value.ToString()) };
                    continue;
                }

                var definition = Find(property.Name) ?? throw new OptionsException($"{path}: unknown setting \"{property.Name}\"");
                options = Apply(options, definition, property.Value.ToString(), $"{path}: {property.Name}");
            }
        }

        return options;
    }

    private static OptionDefinition? Find(string name) => Array.Find(Definitions, d => d.Name == name);

    private static TraceBackendOptions Apply(TraceBackendOptions options, OptionDefinition definition, string value, string source)
    {
        try
        {
            return definition.Apply(options, value);
        }
        catch (OptionsException e) when (source != "--" + definition.Name)
        {
            throw new OptionsException($"{source}: {e.Message}");
        }
    }

    public static Role ParseRole(string text) => text switch
    {
        "all-in-one" => Role.AllInOne,
        "collector" => Role.Collector,
        "query" => Role.Query,
        _ => throw new OptionsException($"unknown role '{text}' (expected all-in-one, collector or query)"),
    };

    /// <summary>The text printed by <c>--help</c>.</summary>
    public static string HelpText()
    {
        var lines = new List<string>
        {
            "usage: tracebackend [all-in-one|collector|query] [--flag value ...]",
            "       tracebackend cassandra-schema [--cassandra-* ...]          create the Cassandra keyspace (idempotent)",
            "       tracebackend es-rollover init|rollover|lookback [--es-* ...] [--conditions JSON] [--unit days] [--unit-count N] [--skip-dependencies]",
            "       tracebackend es-index-cleaner DAYS [--es-* ...] [--rollover]",
            "       tracebackend loadgen [--help]",
            "",
            "Every flag can also be set as TRACEBACKEND_<FLAG> (e.g. TRACEBACKEND_MEMORY_MAX_TRACES) or in appsettings.json under \"TraceBackend\".",
            "",
        };
        foreach (var d in Definitions)
        {
            lines.Add($"  --{d.Name} {d.ValueName}".TrimEnd().PadRight(40) + d.Help);
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string StorageName(string value) => Choice("storage", value, "embedded", "memory", "cassandra", "elasticsearch", "opensearch") switch
    {
        "opensearch" => "elasticsearch",
        var name => name,
    };

    private static IReadOnlyList<string> List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Choice(string flag, string value, params string[] choices) =>
        Array.Find(choices, c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase))
        ?? throw new OptionsException($"--{flag}: unknown value '{value}' (expected {string.Join(", ", choices)})");

    private static int PositiveInt(string flag, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new OptionsException($"--{flag}: '{value}' is not a positive integer");

    private static int IntInRange(string flag, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new OptionsException($"--{flag}: '{value}' is not an integer from {min} to {max}");

    private static string NonEmpty(string flag, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new OptionsException($"--{flag}: must not be empty") : value;

    private static WalSyncMode SyncMode(string flag, string value)
    {
        try
        {
            return WalOptions.ParseSyncMode(value);
        }
        catch (ArgumentException)
        {
            throw new OptionsException($"--{flag}: unknown value '{value}' (expected always, interval, none)");
        }
    }

    /// <summary>A Go duration (<c>72h</c>, <c>1h30m</c>, <c>0</c>), as Jaeger and Tempo flags take.</summary>
    private static TimeSpan Duration(string flag, string value)
    {
        if (!GoDuration.TryParse(value.Trim(), out var nanoseconds, out var error))
        {
            throw new OptionsException($"--{flag}: {error} (expected a duration such as 72h, 30m or 10s)");
        }

        return GoDuration.ToTimeSpan(nanoseconds);
    }

    private static TimeSpan NonNegativeDuration(string flag, string value) =>
        Duration(flag, value) is var d && d >= TimeSpan.Zero ? d : throw new OptionsException($"--{flag}: '{value}' must not be negative");

    private static TimeSpan PositiveDuration(string flag, string value) =>
        Duration(flag, value) is var d && d > TimeSpan.Zero ? d : throw new OptionsException($"--{flag}: '{value}' must be a positive duration");

    private static bool Bool(string flag, string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new OptionsException($"--{flag}: '{value}' is not true or false"),
    };

    private static ListenAddress Address(string flag, string value) =>
        ListenAddress.TryParse(value, out var address, out var error) ? address! : throw new OptionsException($"--{flag}: {error}");

    private static string ExistingDirectory(string flag, string value) =>
        Directory.Exists(value) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(value)) : throw new OptionsException($"--{flag}: directory '{value}' does not exist");

    private static string ExistingFile(string flag, string value)
    {
        if (!File.Exists(value))
        {
            throw new OptionsException($"--{flag}: file '{value}' does not exist");
        }

        var extension = Path.GetExtension(value).ToLowerInvariant();
        return extension is ".json" or ".js"
            ? Path.GetFullPath(value)
            : throw new OptionsException($"--{flag}: '{value}' must be a .json or .js file");
    }

    private static string BasePath(string flag, string value)
    {
        if (value is "" or "/")
        {
            return "";
        }

        if (!value.StartsWith('/') || value.EndsWith('/'))
        {
            throw new OptionsException($"--{flag}: '{value}' must start with '/' and must not end with '/'");
        }

        return value;
    }
}
