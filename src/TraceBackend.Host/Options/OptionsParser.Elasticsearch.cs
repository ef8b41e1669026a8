namespace TraceBackend.Host.Options;

public static partial class OptionsParser
{
    /// <summary><c>--es-*</c>: Jaeger's <c>--es.*</c> flags with dashes (they apply to OpenSearch too).</summary>
    private static OptionDefinition[] ElasticsearchDefinitions() =>
    [
        new("es-server-urls", "LIST", "elasticsearch: comma-separated node URLs (default http://127.0.0.1:9200)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { ServerUrls = Urls("es-server-urls", v) } }),
        new("es-username", "NAME", "elasticsearch: basic-auth user", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { Username = v } }),
        new("es-password", "SECRET", "elasticsearch: basic-auth password", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { Password = v } }),
        new("es-api-key", "KEY", "elasticsearch: API key (the base64 id:key form), sent as Authorization: ApiKey", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { ApiKey = v } }),
        new("es-bearer-token", "TOKEN", "elasticsearch: bearer token, sent as Authorization: Bearer", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { BearerToken = v } }),
        new("es-tls-ca", "FILE", "elasticsearch: PEM file of the CA that signed the cluster's certificate", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { TlsCaFile = AnyExistingFile("es-tls-ca", v) } }),
        new("es-tls-skip-host-verify", "BOOL", "elasticsearch: accept any server certificate (labs only; default false)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { TlsSkipVerify = Bool("es-tls-skip-host-verify", v) } }),
        new("es-timeout", "DURATION", "elasticsearch: timeout of one request (default 30s)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { RequestTimeout = PositiveDuration("es-timeout", v) } }),
        new("es-version", "VERSION", "elasticsearch: skip detection: 6 … 9 or opensearch1 … opensearch3, optionally with a minor (7.17, opensearch2.11) (default detect from GET /)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { Version = EsVersion("es-version", v) } }),
        new("es-index-prefix", "PREFIX", "elasticsearch: index name prefix, e.g. prod gives prod-jaeger-span-2024-01-31 (default none)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { IndexPrefix = IndexPrefix("es-index-prefix", v) } }),
        new("es-use-aliases", "BOOL", "elasticsearch: read jaeger-*-read and write jaeger-*-write aliases (set up by es-rollover) instead of daily indices (default false)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { UseAliases = Bool("es-use-aliases", v) } }),
        new("es-use-ilm", "BOOL", "elasticsearch: with aliases, attach the ILM policy jaeger-ilm-policy in the templates (default false)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { UseIlm = Bool("es-use-ilm", v) } }),
        new("es-create-index-templates", "BOOL", "elasticsearch: install the index templates at start-up (default true)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { CreateIndexTemplates = Bool("es-create-index-templates", v) } }),
        new("es-num-shards", "N", "elasticsearch: shards per index in the templates (default 5)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { NumShards = IntInRange("es-num-shards", v, 1, 1024) } }),
        new("es-num-replicas", "N", "elasticsearch: replicas per index in the templates (default 1)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { NumReplicas = IntInRange("es-num-replicas", v, 0, 100) } }),
        new("es-prio-span-template", "N", "elasticsearch 7.8+/opensearch: priority of the span index template (default 0)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { PrioritySpanTemplate = IntInRange("es-prio-span-template", v, 0, int.MaxValue) } }),
        new("es-prio-service-template", "N", "elasticsearch 7.8+/opensearch: priority of the service index template (default 0)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { PriorityServiceTemplate = IntInRange("es-prio-service-template", v, 0, int.MaxValue) } }),
        new("es-prio-dependencies-template", "N", "elasticsearch 7.8+/opensearch: priority of the dependencies index template (default 0)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { PriorityDependenciesTemplate = IntInRange("es-prio-dependencies-template", v, 0, int.MaxValue) } }),
        new("es-bulk-actions", "N", "elasticsearch: documents per bulk request before it is sent (default 1000)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { BulkActions = IntInRange("es-bulk-actions", v, 1, 100_000) } }),
        new("es-bulk-size", "BYTES", "elasticsearch: bytes per bulk request before it is sent (default 5000000)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { BulkSizeBytes = IntInRange("es-bulk-size", v, 1024, 100_000_000) } }),
        new("es-bulk-flush-interval", "DURATION", "elasticsearch: longest wait before a partial bulk request is sent (default 200ms)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { BulkFlushInterval = PositiveDuration("es-bulk-flush-interval", v) } }),
        new("es-bulk-workers", "N", "elasticsearch: bulk requests in flight at once (default 1)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { BulkWorkers = IntInRange("es-bulk-workers", v, 1, 64) } }),
        new("es-max-span-age", "DURATION", "elasticsearch: how far back services, operations and traces by ID are looked up (default 72h)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { MaxSpanAge = PositiveDuration("es-max-span-age", v) } }),
        new("es-max-doc-count", "N", "elasticsearch: size of aggregations and trace pages (default 10000)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { MaxDocCount = IntInRange("es-max-doc-count", v, 1, 1_000_000) } }),
        new("es-service-cache-ttl", "DURATION", "elasticsearch: how long a service/operation pair is not re-indexed (default 12h)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { ServiceCacheTtl = PositiveDuration("es-service-cache-ttl", v) } }),
        new("es-tags-as-fields-all", "BOOL", "elasticsearch: store every tag as a tag.<key> field instead of in the nested tags list, as Jaeger does (default false)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { TagsAsFieldsAll = Bool("es-tags-as-fields-all", v) } }),
        new("es-tags-as-fields-include", "LIST", "elasticsearch: comma-separated tag keys stored as tag.<key> fields instead of in the nested tags list", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { TagsAsFieldsInclude = List(v) } }),
        new("es-tags-as-fields-dot-replacement", "CHAR", "elasticsearch: replaces '.' in tag field names (default @)", static (o, v) => o with { Elasticsearch = o.Elasticsearch with { TagDotReplacement = DotReplacement("es-tags-as-fields-dot-replacement", v) } }),
    ];

    private static string EsVersion(string flag, string value)
    {
        try
        {
            _ = TraceBackend.Storage.Elasticsearch.Client.ServerInfoDetector.ParseVersionOption(value);
            return value.Trim().ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            throw new OptionsException($"--{flag}: unknown value '{value}' (expected 6, 7, 8, 9 or opensearch1 … opensearch3, optionally with a minor such as 7.17)");
        }
    }

    private static IReadOnlyList<Uri> Urls(string flag, string value)
    {
        var urls = new List<Uri>();
        foreach (var text in NonEmptyList(flag, value))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Query.Length > 0)
            {
                throw new OptionsException($"--{flag}: '{text}' is not an http:// or https:// URL");
            }

            urls.Add(uri);
        }

        return urls;
    }

    /// <summary>Lower-case letters, digits, '-', '_' and '.', as index names allow; not starting with '-', '_' or '.'.</summary>
    private static string IndexPrefix(string flag, string value) =>
        value.Length == 0 || (value.Length <= 100 && value[0] is not ('-' or '_' or '.') && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
            ? value
            : throw new OptionsException($"--{flag}: '{value}' must be lower-case letters, digits, '-', '_' or '.' and must not start with '-', '_' or '.'");

    private static string DotReplacement(string flag, string value) =>
        value.Length > 0 && !value.Contains('.', StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace)
            ? value
            : throw new OptionsException($"--{flag}: '{value}' must be a non-empty string without '.' or spaces");

}
