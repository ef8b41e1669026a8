using System.Text.Json;
using System.Text.Json.Nodes;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Indices;

namespace TraceBackend.Storage.Elasticsearch.Templates;

/// <summary>
/// Renders Jaeger's index templates for the server at hand (reference §4.2):
/// <list type="bullet">
/// <item>ES 6.x: legacy <c>PUT _template/&lt;name&gt;</c> with <c>"template": "*&lt;prefix&gt;jaeger-span-*"</c>,
/// <c>index.mapper.dynamic: false</c> (span, service) and typed mappings (<c>_default_</c> + <c>span</c>/<c>service</c>).</item>
/// <item>ES 7.0–7.7: legacy <c>PUT _template/&lt;name&gt;</c> with <c>"index_patterns": "*&lt;prefix&gt;jaeger-span-*"</c>.</item>
/// <item>ES ≥ 7.8 and every OpenSearch: composable <c>PUT _index_template/&lt;name&gt;</c> with <c>priority</c>,
/// <c>"index_patterns": "&lt;prefix&gt;jaeger-span-*"</c> (no leading <c>*</c>: composable templates of equal
/// priority must not overlap) and <c>template: {aliases, settings, mappings}</c>.</item>
/// </list>
/// Names are <c>&lt;prefix&gt;jaeger-span</c>, <c>…-service</c>, <c>…-dependencies</c> (prefix with its '-'), as
/// Jaeger's es-rollover names them. With <see cref="ElasticsearchOptions.UseIlm"/> (alias mode only) the template
/// adds the <c>…-read</c> alias and the rollover settings: Elasticsearch <c>index.lifecycle.name</c> +
/// <c>index.lifecycle.rollover_alias</c>, OpenSearch <c>plugins.index_state_management.rollover_alias</c>.
/// Unlike Jaeger's ES 6/7 dependency template, every pattern carries the prefix.
/// </summary>
public static class IndexTemplateBuilder
{
    /// <summary>Span, service and dependencies templates, in that order.</summary>
    public static IReadOnlyList<IndexTemplate> BuildAll(ElasticsearchServerInfo server, ElasticsearchOptions options) =>
    [
        Build(IndexTemplateKind.Span, server, options),
        Build(IndexTemplateKind.Service, server, options),
        Build(IndexTemplateKind.Dependencies, server, options),
    ];

    /// <exception cref="ArgumentException">Invalid prefix, or <c>UseIlm</c> without <c>UseAliases</c>.</exception>
    /// <exception cref="NotSupportedException"><c>UseIlm</c> against Elasticsearch 6.x.</exception>
    public static IndexTemplate Build(IndexTemplateKind kind, ElasticsearchServerInfo server, ElasticsearchOptions options)
    {
        var names = IndexAdminNames.For(options);
        var baseName = kind switch
        {
            IndexTemplateKind.Span => names.SpanBase,
            IndexTemplateKind.Service => names.ServiceBase,
            IndexTemplateKind.Dependencies => names.DependenciesBase,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var name = baseName.TrimEnd('-');
        var ilm = IsIlmEnabled(server, options);

        var settings = new JsonObject
        {
            ["index.number_of_shards"] = options.NumShards,
            ["index.number_of_replicas"] = options.NumReplicas,
            ["index.mapping.nested_fields.limit"] = 50,
            ["index.requests.cache.enable"] = true,
        };
        if (server.UsesMappingTypes && kind != IndexTemplateKind.Dependencies)
        {
            settings["index.mapper.dynamic"] = false;
        }

        if (ilm)
        {
            var writeAlias = baseName + "write";
            if (server.Distribution == ElasticsearchDistribution.OpenSearch)
            {
                settings["plugins.index_state_management.rollover_alias"] = writeAlias;
            }
            else
            {
                settings["index.lifecycle.name"] = options.IlmPolicyName;
                settings["index.lifecycle.rollover_alias"] = writeAlias;
            }
        }

        var mappings = JaegerMappings.For(kind, server.UsesMappingTypes);
        JsonObject? aliases = ilm ? new JsonObject { [baseName + "read"] = new JsonObject() } : null;

        JsonObject body;
        string path;
        if (server.HasComposableTemplates)
        {
            var template = new JsonObject();
            if (aliases is not null)
            {
                template["aliases"] = aliases;
            }

            template["settings"] = settings;
            template["mappings"] = mappings;
            body = new JsonObject
            {
                ["priority"] = Priority(kind, options),
                ["index_patterns"] = baseName + "*",
                ["template"] = template,
            };
            path = "/_index_template/" + name;
        }
        else
        {
            // ES 6 names the pattern "template"; ES 7 legacy templates "index_patterns".
            body = new JsonObject { [server.UsesMappingTypes ? "template" : "index_patterns"] = "*" + baseName + "*" };
            if (aliases is not null)
            {
                body["aliases"] = aliases;
            }

            body["settings"] = settings;
            body["mappings"] = mappings;
            path = "/_template/" + name;
        }

        return new IndexTemplate(kind, name, path, ToUtf8(body));
    }

    /// <summary>
    /// ILM/ISM settings apply only in alias (rollover) mode, as Jaeger requires <c>--es.use-aliases</c> with
    /// <c>--es.use-ilm</c>; Jaeger supports ILM only from Elasticsearch 7.
    /// </summary>
    internal static bool IsIlmEnabled(ElasticsearchServerInfo server, ElasticsearchOptions options)
    {
        if (!options.UseIlm)
        {
            return false;
        }

        if (!options.UseAliases)
        {
            throw new ArgumentException("UseIlm (--es-use-ilm) requires UseAliases (--es-use-aliases).", nameof(options));
        }

        if (server.UsesMappingTypes)
        {
            throw new NotSupportedException($"ILM is supported only for Elasticsearch 7+ (server: {server}).");
        }

        return true;
    }

    internal static byte[] ToUtf8(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private static int Priority(IndexTemplateKind kind, ElasticsearchOptions options) => kind switch
    {
        IndexTemplateKind.Span => options.PrioritySpanTemplate,
        IndexTemplateKind.Service => options.PriorityServiceTemplate,
        _ => options.PriorityDependenciesTemplate,
    };
}
