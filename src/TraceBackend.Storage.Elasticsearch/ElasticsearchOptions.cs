namespace TraceBackend.Storage.Elasticsearch;

/// <summary>
/// Settings of the Elasticsearch/OpenSearch store; Host maps the <c>--es-*</c> flags (Jaeger's names) onto them.
/// Defaults are Jaeger's.
/// </summary>
public sealed record ElasticsearchOptions
{
    /// <summary>Node base URLs (<c>--es-server-urls</c>); requests rotate over them.</summary>
    public IReadOnlyList<Uri> ServerUrls { get; init; } = [new Uri("http://127.0.0.1:9200")];

    /// <summary>Basic auth (<c>--es-username</c>, <c>--es-password</c>).</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary><c>Authorization: ApiKey …</c> (<c>--es-api-key</c>, the base64 id:key form).</summary>
    public string? ApiKey { get; init; }

    /// <summary><c>Authorization: Bearer …</c> (<c>--es-bearer-token</c>).</summary>
    public string? BearerToken { get; init; }

    /// <summary>PEM file of the CA that signed the cluster's certificate (<c>--es-tls-ca</c>).</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>Accept any server certificate (<c>--es-tls-skip-host-verify</c>; labs only).</summary>
    public bool TlsSkipVerify { get; init; }

    /// <summary>Per-request timeout (<c>--es-timeout</c>).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Overrides version detection (<c>--es-version</c>: 6 … 9 or <c>opensearch1</c> … <c>opensearch3</c>, optionally with a minor such as <c>7.17</c>); null = <c>GET /</c>.</summary>
    public string? Version { get; init; }

    /// <summary><c>--es-index-prefix</c>: indices are <c>&lt;prefix&gt;-jaeger-span-…</c> (a trailing '-' is not doubled).</summary>
    public string IndexPrefix { get; init; } = "";

    /// <summary><c>--es-use-aliases</c>: read <c>…-read</c> and write <c>…-write</c> aliases (rollover mode) instead of daily indices.</summary>
    public bool UseAliases { get; init; }

    /// <summary><c>--es-create-index-templates</c> at start-up (default true).</summary>
    public bool CreateIndexTemplates { get; init; } = true;

    public int NumShards { get; init; } = 5;

    public int NumReplicas { get; init; } = 1;

    /// <summary>Composable-template priorities (<c>--es-priority-span-template</c> …).</summary>
    public int PrioritySpanTemplate { get; init; }

    public int PriorityServiceTemplate { get; init; }

    public int PriorityDependenciesTemplate { get; init; }

    /// <summary>ILM policy to attach in alias mode (<c>--es-use-ilm</c>, policy <c>jaeger-ilm-policy</c>).</summary>
    public bool UseIlm { get; init; }

    public string IlmPolicyName { get; init; } = "jaeger-ilm-policy";

    /// <summary>Bulk flush triggers (<c>--es-bulk-actions</c>, <c>--es-bulk-size</c>, <c>--es-bulk-flush-interval</c>).</summary>
    public int BulkActions { get; init; } = 1000;

    public int BulkSizeBytes { get; init; } = 5_000_000;

    public TimeSpan BulkFlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Bulk requests in flight at once (<c>--es-bulk-workers</c>).</summary>
    public int BulkWorkers { get; init; } = 1;

    /// <summary>How far back services/operations and trace-by-ID look (<c>--es-max-span-age</c>, 72h).</summary>
    public TimeSpan MaxSpanAge { get; init; } = TimeSpan.FromHours(72);

    /// <summary>Size of terms aggregations and trace fetch pages (<c>--es-max-doc-count</c>).</summary>
    public int MaxDocCount { get; init; } = 10_000;

    /// <summary>Service/operation write-cache TTL (Jaeger <c>service_cache_ttl</c>, 12h).</summary>
    public TimeSpan ServiceCacheTtl { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Store every tag (binary ones and empty keys excepted) as a <c>tag.&lt;key&gt;</c> field instead of in the nested <c>tags</c> list, as Jaeger does (<c>--es-tags-as-fields-all</c>).</summary>
    public bool TagsAsFieldsAll { get; init; }

    /// <summary>Tag keys stored as <c>tag.&lt;key&gt;</c> fields instead of in <c>tags</c> (<c>--es-tags-as-fields-include</c>, comma separated).</summary>
    public IReadOnlyList<string> TagsAsFieldsInclude { get; init; } = [];

    /// <summary>Replaces '.' in keys of tag fields (<c>--es-tags-as-fields-dot-replacement</c>, '@').</summary>
    public string TagDotReplacement { get; init; } = "@";
}
