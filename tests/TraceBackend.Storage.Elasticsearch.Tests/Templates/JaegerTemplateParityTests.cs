using System.Text.Json.Nodes;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Templates;
using TraceBackend.Storage.Elasticsearch.Tests.Indices;

namespace TraceBackend.Storage.Elasticsearch.Tests.Templates;

/// <summary>Rendered templates equal Jaeger's own rendering for the same settings (JSON equality, member order aside).</summary>
public sealed class JaegerTemplateParityTests
{
    private static readonly ElasticsearchOptions s_threeByThree = new() { NumShards = 3, NumReplicas = 3 };

    private static readonly ElasticsearchOptions s_test = s_threeByThree with
    {
        IndexPrefix = "test",
        PrioritySpanTemplate = 500,
        PriorityServiceTemplate = 501,
        PriorityDependenciesTemplate = 502,
    };

    public static TheoryData<string, IndexTemplateKind, string> Cases => new()
    {
        { "es6", IndexTemplateKind.Span, JaegerTemplateFixtures.Span6 },
        { "es6", IndexTemplateKind.Service, JaegerTemplateFixtures.Service6 },
        { "es6", IndexTemplateKind.Dependencies, JaegerTemplateFixtures.Dependencies6 },
        { "es8-test", IndexTemplateKind.Service, JaegerTemplateFixtures.Service8 },
        { "es8-test", IndexTemplateKind.Dependencies, JaegerTemplateFixtures.Dependencies8 },
        { "os2-test-ilm", IndexTemplateKind.Span, JaegerTemplateFixtures.Span8OpenSearch },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Template_EqualsJaegers(string setup, IndexTemplateKind kind, string jaeger)
    {
        var (server, options) = setup switch
        {
            "es6" => (TestServers.Es6, s_threeByThree),
            "es8-test" => (TestServers.Es8, s_test),
            "os2-test-ilm" => (TestServers.Os2, s_test with { UseAliases = true, UseIlm = true }),
            _ => throw new ArgumentOutOfRangeException(nameof(setup)),
        };

        var template = IndexTemplateBuilder.Build(kind, server, options);

        var expected = JsonNode.Parse(jaeger);
        if (kind == IndexTemplateKind.Service && setup != "es6")
        {
            // Our one addition to Jaeger's ES 7+/OpenSearch service mapping: the span kind of the operation (ES 6's file has it).
            expected!["template"]!["mappings"]!["properties"]!.AsObject()["spanKind"] = new JsonObject { ["type"] = "keyword", ["ignore_above"] = 256 };
        }

        var actual = JsonNode.Parse(template.BodyText);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected!.ToJsonString()}\nactual   {actual!.ToJsonString()}");
    }

    [Fact]
    public void LegacyEs7Span_HasJaegersEs7Shape()
    {
        // jaeger-span-7.json without ILM: "*<prefix>jaeger-span-*", the four settings, typeless mappings equal to the ES 8 ones.
        var template = IndexTemplateBuilder.Build(IndexTemplateKind.Span, TestServers.Es77, s_test);

        var fixture = JsonNode.Parse(JaegerTemplateFixtures.Span8OpenSearch)!["template"]!;
        var expected = new JsonObject
        {
            ["index_patterns"] = "*test-jaeger-span-*",
            ["settings"] = new JsonObject
            {
                ["index.number_of_shards"] = 3,
                ["index.number_of_replicas"] = 3,
                ["index.mapping.nested_fields.limit"] = 50,
                ["index.requests.cache.enable"] = true,
            },
            ["mappings"] = fixture["mappings"]!.DeepClone(),
        };
        Assert.Equal("/_template/test-jaeger-span", template.Path);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(template.BodyText)), template.BodyText);
    }
}
