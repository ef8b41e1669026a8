using System.Text.Json.Nodes;

using static TraceBackend.Storage.Elasticsearch.Templates.MappingFields;

namespace TraceBackend.Storage.Elasticsearch.Templates;

/// <summary>
/// The <c>mappings</c> object of each template, field for field as Jaeger's mapping files
/// (<c>jaeger-{span,service,dependencies}-{6,7,8}.json</c>; reference §4.3–§4.4). The ES 6 forms put the
/// dynamic templates under the <c>_default_</c> type (with <c>_all</c> disabled) and the fields under the
/// document type (<c>span</c>, <c>service</c>); the ES ≥ 7 forms are typeless.
/// </summary>
internal static class JaegerMappings
{
    /// <summary>ES 6 document types, also used in ES 6 bulk actions and URLs.</summary>
    public const string SpanType = "span";

    public const string ServiceType = "service";

    public static JsonObject For(IndexTemplateKind kind, bool mappingTypes) => kind switch
    {
        IndexTemplateKind.Span => mappingTypes ? Legacy6(SpanType, SpanProperties(es6: true)) : Typeless(SpanProperties(es6: false), withScope: true),
        IndexTemplateKind.Service => mappingTypes ? Legacy6(ServiceType, ServiceProperties()) : Typeless(ServiceProperties(), withScope: false),
        // Dependency documents are mapped dynamically (Jaeger's templates have empty mappings in every version).
        IndexTemplateKind.Dependencies => [],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static JsonObject Typeless(JsonObject properties, bool withScope) => new()
    {
        ["dynamic_templates"] = TagDynamicTemplates(withScope),
        ["properties"] = properties,
    };

    private static JsonObject Legacy6(string type, JsonObject properties) => new()
    {
        ["_default_"] = new JsonObject
        {
            ["_all"] = new JsonObject { ["enabled"] = false },
            ["dynamic_templates"] = TagDynamicTemplates(withScope: false),
        },
        [type] = new JsonObject { ["properties"] = properties },
    };

    /// <summary>
    /// Span document fields. ES ≥ 7 adds <c>references.{traceState, flags, tags}</c> and
    /// <c>scopeTag</c>/<c>scopeTags</c> (reserved by Jaeger's newer templates).
    /// </summary>
    private static JsonObject SpanProperties(bool es6)
    {
        var references = new JsonObject
        {
            ["refType"] = Keyword(),
            ["traceID"] = Keyword(),
            ["spanID"] = Keyword(),
        };
        if (!es6)
        {
            references["traceState"] = Keyword();
            references["flags"] = OfType("integer");
            references["tags"] = NestedKeyValues();
        }

        var properties = new JsonObject
        {
            ["traceID"] = Keyword(),
            ["parentSpanID"] = Keyword(),
            ["spanID"] = Keyword(),
            ["operationName"] = Keyword(),
            ["startTime"] = OfType("long"),
            ["startTimeMillis"] = EpochMillisDate(),
            ["duration"] = OfType("long"),
            ["flags"] = OfType("integer"),
            ["logs"] = Nested(new JsonObject
            {
                ["timestamp"] = OfType("long"),
                ["fields"] = NestedKeyValues(),
            }),
            ["process"] = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["serviceName"] = Keyword(),
                    ["tag"] = OfType("object"),
                    ["tags"] = NestedKeyValues(),
                },
            },
            ["references"] = Nested(references),
            ["tag"] = OfType("object"),
            ["tags"] = NestedKeyValues(),
        };
        if (!es6)
        {
            properties["scopeTag"] = OfType("object");
            properties["scopeTags"] = NestedKeyValues();
        }

        return properties;
    }

    /// <summary>
    /// Service/operation pairs. <c>spanKind</c> is mapped for every version: Jaeger's ES 6 file maps it (unused), and
    /// our service documents carry the kind so operations come back with it (Jaeger's ES 7+/OpenSearch files lack it,
    /// which would leave it dynamically mapped as text).
    /// </summary>
    private static JsonObject ServiceProperties() => new()
    {
        ["serviceName"] = Keyword(),
        ["spanKind"] = Keyword(),
        ["operationName"] = Keyword(),
    };
}
