using System.Text.Json.Nodes;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Templates;
using TraceBackend.Storage.Elasticsearch.Tests.Indices;

namespace TraceBackend.Storage.Elasticsearch.Tests.Templates;

public sealed class IndexTemplateBuilderTests
{
    private static readonly ElasticsearchOptions s_defaults = new();

    private static JsonNode Body(IndexTemplate template) => JsonNode.Parse(template.BodyText)!;

    [Fact]
    public void Es6_LegacyTemplate_TypedMappings()
    {
        var span = IndexTemplateBuilder.Build(IndexTemplateKind.Span, TestServers.Es6, s_defaults with { NumShards = 2, NumReplicas = 0 });
        var body = Body(span);

        Assert.Equal("jaeger-span", span.Name);
        Assert.Equal("/_template/jaeger-span", span.Path);
        Assert.False(span.IsComposable);
        Assert.Equal("*jaeger-span-*", (string?)body["template"]);
        Assert.Null(body["index_patterns"]);
        Assert.Null(body["priority"]);
        Assert.Equal(2, (int?)body["settings"]!["index.number_of_shards"]);
        Assert.Equal(0, (int?)body["settings"]!["index.number_of_replicas"]);
        Assert.False((bool?)body["settings"]!["index.mapper.dynamic"]);
        var defaults = body["mappings"]!["_default_"]!;
        Assert.False((bool?)defaults["_all"]!["enabled"]);
        Assert.Equal("tag.*", (string?)defaults["dynamic_templates"]![0]!["span_tags_map"]!["path_match"]);
        Assert.Equal("process.tag.*", (string?)defaults["dynamic_templates"]![1]!["process_tags_map"]!["path_match"]);
        Assert.Equal(2, defaults["dynamic_templates"]!.AsArray().Count);
        var properties = body["mappings"]!["span"]!["properties"]!;
        Assert.Equal("epoch_millis", (string?)properties["startTimeMillis"]!["format"]);
        Assert.Null(properties["references"]!["properties"]!["traceState"]);
        Assert.Null(properties["scopeTags"]);
    }

    [Fact]
    public void Es6_DependenciesTemplate_HasNoMapperDynamicSetting()
    {
        var body = Body(IndexTemplateBuilder.Build(IndexTemplateKind.Dependencies, TestServers.Es6, s_defaults));

        Assert.Null(body["settings"]!["index.mapper.dynamic"]);
        Assert.Empty(body["mappings"]!.AsObject());
    }

    [Theory]
    [InlineData(7, 0)]
    [InlineData(7, 7)]
    public void Es7BeforeComposable_LegacyIndexPatterns(int major, int minor)
    {
        var server = new ElasticsearchServerInfo(ElasticsearchDistribution.Elasticsearch, major, minor);
        var template = IndexTemplateBuilder.Build(IndexTemplateKind.Span, server, s_defaults);
        var body = Body(template);

        Assert.Equal("/_template/jaeger-span", template.Path);
        Assert.Equal("*jaeger-span-*", (string?)body["index_patterns"]);
        Assert.Null(body["template"]);
        Assert.Null(body["settings"]!["index.mapper.dynamic"]);
        Assert.Null(body["mappings"]!["_default_"]);
        Assert.Equal(3, body["mappings"]!["dynamic_templates"]!.AsArray().Count);
        Assert.Equal("scopeTag.*", (string?)body["mappings"]!["dynamic_templates"]![2]!["scope_tags_map"]!["path_match"]);
        Assert.Equal("keyword", (string?)body["mappings"]!["properties"]!["references"]!["properties"]!["traceState"]!["type"]);
    }

    public static TheoryData<string> ComposableServers => ["es7.8", "es8", "es9", "os1", "os2", "os3"];

    [Theory]
    [MemberData(nameof(ComposableServers))]
    public void ComposableServers_IndexTemplateWithPriorityAndTemplateBlock(string serverName)
    {
        var server = TestServers.ByName(serverName);
        var options = s_defaults with { NumShards = 1, NumReplicas = 2, PrioritySpanTemplate = 7 };
        var template = IndexTemplateBuilder.Build(IndexTemplateKind.Span, server, options);
        var body = Body(template);

        Assert.True(template.IsComposable);
        Assert.Equal("/_index_template/jaeger-span", template.Path);
        Assert.Equal(7, (int?)body["priority"]);
        Assert.Equal("jaeger-span-*", (string?)body["index_patterns"]);
        Assert.Null(body["settings"]);
        Assert.Null(body["mappings"]);
        var inner = body["template"]!;
        Assert.Equal(1, (int?)inner["settings"]!["index.number_of_shards"]);
        Assert.Equal(2, (int?)inner["settings"]!["index.number_of_replicas"]);
        Assert.Equal(50, (int?)inner["settings"]!["index.mapping.nested_fields.limit"]);
        Assert.True((bool?)inner["settings"]!["index.requests.cache.enable"]);
        Assert.Null(inner["aliases"]);
        Assert.Equal("nested", (string?)inner["mappings"]!["properties"]!["tags"]!["type"]);
        Assert.False((bool?)inner["mappings"]!["properties"]!["tags"]!["dynamic"]);
        Assert.Equal(256, (int?)inner["mappings"]!["properties"]!["traceID"]!["ignore_above"]);
    }

    [Fact]
    public void Priorities_ComeFromTheirOwnOptions()
    {
        var options = s_defaults with { PrioritySpanTemplate = 10, PriorityServiceTemplate = 20, PriorityDependenciesTemplate = 30 };

        var priorities = IndexTemplateBuilder.BuildAll(TestServers.Es8, options).Select(t => (t.Name, (int)Body(t)["priority"]!)).ToList();

        Assert.Equal([("jaeger-span", 10), ("jaeger-service", 20), ("jaeger-dependencies", 30)], priorities);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("prod-")]
    public void Prefix_NamesAndPatterns_OneDash(string prefix)
    {
        var options = s_defaults with { IndexPrefix = prefix };

        var composable = IndexTemplateBuilder.BuildAll(TestServers.Es8, options);
        var legacy = IndexTemplateBuilder.BuildAll(TestServers.Es70, options);
        var es6 = IndexTemplateBuilder.Build(IndexTemplateKind.Service, TestServers.Es6, options);

        Assert.Equal(["prod-jaeger-span", "prod-jaeger-service", "prod-jaeger-dependencies"], composable.Select(t => t.Name));
        Assert.Equal("/_index_template/prod-jaeger-dependencies", composable[2].Path);
        Assert.Equal(["prod-jaeger-span-*", "prod-jaeger-service-*", "prod-jaeger-dependencies-*"], composable.Select(t => (string)Body(t)["index_patterns"]!));
        Assert.Equal(["*prod-jaeger-span-*", "*prod-jaeger-service-*", "*prod-jaeger-dependencies-*"], legacy.Select(t => (string)Body(t)["index_patterns"]!));
        Assert.Equal("/_template/prod-jaeger-service", es6.Path);
        Assert.Equal("*prod-jaeger-service-*", (string?)Body(es6)["template"]);
    }

    [Theory]
    [MemberData(nameof(ComposableServers))]
    public void Ilm_AddsReadAliasAndRolloverSettings(string serverName)
    {
        var server = TestServers.ByName(serverName);
        var options = s_defaults with { IndexPrefix = "prod", UseAliases = true, UseIlm = true, IlmPolicyName = "my-policy" };

        var inner = Body(IndexTemplateBuilder.Build(IndexTemplateKind.Service, server, options))["template"]!;

        Assert.Equal(["prod-jaeger-service-read"], inner["aliases"]!.AsObject().Select(p => p.Key));
        var settings = inner["settings"]!;
        if (server.Distribution == ElasticsearchDistribution.OpenSearch)
        {
            Assert.Equal("prod-jaeger-service-write", (string?)settings["plugins.index_state_management.rollover_alias"]);
            Assert.Null(settings["index.lifecycle.name"]);
        }
        else
        {
            Assert.Equal("my-policy", (string?)settings["index.lifecycle.name"]);
            Assert.Equal("prod-jaeger-service-write", (string?)settings["index.lifecycle.rollover_alias"]);
            Assert.Null(settings["plugins.index_state_management.rollover_alias"]);
        }
    }

    [Fact]
    public void Ilm_LegacyEs7_TopLevelAliasAndLifecycle()
    {
        var options = s_defaults with { UseAliases = true, UseIlm = true };

        var body = Body(IndexTemplateBuilder.Build(IndexTemplateKind.Dependencies, TestServers.Es77, options));

        Assert.NotNull(body["aliases"]!["jaeger-dependencies-read"]);
        Assert.Equal("jaeger-ilm-policy", (string?)body["settings"]!["index.lifecycle.name"]);
        Assert.Equal("jaeger-dependencies-write", (string?)body["settings"]!["index.lifecycle.rollover_alias"]);
    }

    [Fact]
    public void AliasesWithoutIlm_NoTemplateAlias()
    {
        // Without ILM the read alias is maintained by es-rollover (init/rollover), not by the template.
        var inner = Body(IndexTemplateBuilder.Build(IndexTemplateKind.Span, TestServers.Es8, s_defaults with { UseAliases = true }))["template"]!;

        Assert.Null(inner["aliases"]);
        Assert.Null(inner["settings"]!["index.lifecycle.name"]);
    }

    [Fact]
    public void Ilm_InvalidCombinations_Throw()
    {
        Assert.Throws<NotSupportedException>(() =>
            IndexTemplateBuilder.Build(IndexTemplateKind.Span, TestServers.Es6, s_defaults with { UseAliases = true, UseIlm = true }));
        Assert.Throws<ArgumentException>(() =>
            IndexTemplateBuilder.Build(IndexTemplateKind.Span, TestServers.Es8, s_defaults with { UseIlm = true }));
    }

    [Theory]
    [InlineData("Prod")]
    [InlineData("a/b")]
    [InlineData("a,b")]
    [InlineData("a*")]
    [InlineData("_x")]
    [InlineData("a?b=c")]
    public void InvalidPrefix_Throws(string prefix) =>
        Assert.Throws<ArgumentException>(() => IndexTemplateBuilder.Build(IndexTemplateKind.Span, TestServers.Es8, s_defaults with { IndexPrefix = prefix }));

    [Fact]
    public void UserValues_AreJsonEncodedNotSpliced()
    {
        // A policy name with quotes cannot break out of its JSON string.
        var options = s_defaults with { UseAliases = true, UseIlm = true, IlmPolicyName = "p\",\"x\":\"y" };

        var settings = Body(IndexTemplateBuilder.Build(IndexTemplateKind.Span, TestServers.Es8, options))["template"]!["settings"]!;

        Assert.Equal("p\",\"x\":\"y", (string?)settings["index.lifecycle.name"]);
        Assert.Null(settings["x"]);
    }
}
