using System.Text.Json.Nodes;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Indices;

namespace TraceBackend.Storage.Elasticsearch.Tests.Indices;

public sealed class IndexRolloverInitTests
{
    private const string CatalogPath = "/jaeger-*?flat_settings=true&filter_path=*.aliases,*.settings";

    private static readonly DateTimeOffset s_created = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static ElasticsearchResponse Created(string index) =>
        ScriptedTransport.Json(200, $$"""{"acknowledged":true,"shards_acknowledged":true,"index":"{{index}}"}""");

    private static ElasticsearchResponse AlreadyExists(string index) => ScriptedTransport.Json(400,
        $$"""{"error":{"root_cause":[{"type":"resource_already_exists_exception","reason":"index [{{index}}/aBc] already exists","index_uuid":"aBc","index":"{{index}}"}],"type":"resource_already_exists_exception","reason":"index [{{index}}/aBc] already exists","index_uuid":"aBc","index":"{{index}}"},"status":400}""");

    [Fact]
    public async Task EmptyCluster_TemplatesIndicesAliases()
    {
        var transport = new ScriptedTransport(request => request.Method == HttpMethod.Get
            ? new IndexCatalogJson().Response()
            : request.Method == HttpMethod.Put && !request.Path.StartsWith("/_", StringComparison.Ordinal)
                ? Created(request.Path[1..])
                : ScriptedTransport.Acknowledged());

        var result = await IndexRollover.InitAsync(transport, TestServers.Es8, new ElasticsearchOptions(), new RolloverParameters(),
            TestContext.Current.CancellationToken);

        Assert.Equal(
        [
            "PUT /_index_template/jaeger-span",
            "PUT /_index_template/jaeger-service",
            "PUT /_index_template/jaeger-dependencies",
            "GET " + CatalogPath,
            "PUT /jaeger-span-000001",
            "PUT /jaeger-service-000001",
            "PUT /jaeger-dependencies-000001",
            "POST /_aliases",
        ], transport.Lines);
        Assert.Null(transport.Requests[4].Body);
        var expectedActions = JsonNode.Parse("""
            {"actions":[
              {"add":{"index":"jaeger-span-000001","alias":"jaeger-span-write"}},
              {"add":{"index":"jaeger-span-000001","alias":"jaeger-span-read"}},
              {"add":{"index":"jaeger-service-000001","alias":"jaeger-service-write"}},
              {"add":{"index":"jaeger-service-000001","alias":"jaeger-service-read"}},
              {"add":{"index":"jaeger-dependencies-000001","alias":"jaeger-dependencies-write"}},
              {"add":{"index":"jaeger-dependencies-000001","alias":"jaeger-dependencies-read"}}
            ]}
            """);
        Assert.True(JsonNode.DeepEquals(expectedActions, transport.Requests[7].Json), transport.Requests[7].Body);
        Assert.Equal(["jaeger-span", "jaeger-service", "jaeger-dependencies"], result.Templates);
        Assert.Equal(["jaeger-span-000001", "jaeger-service-000001", "jaeger-dependencies-000001"], result.CreatedIndices);
        Assert.Equal(6, result.AddedAliases.Count);
    }

    [Fact]
    public async Task TemplatesInAliasMode_EvenWhenOptionsSayDaily()
    {
        var transport = new ScriptedTransport(request => request.Method == HttpMethod.Get
            ? new IndexCatalogJson().Response()
            : ScriptedTransport.Acknowledged());

        await IndexRollover.InitAsync(transport, TestServers.Os2, new ElasticsearchOptions { UseIlm = true, UseAliases = false },
            new RolloverParameters(), TestContext.Current.CancellationToken);

        // OpenSearch: no _ilm policy check; the templates carry the ISM rollover alias and the read alias.
        Assert.DoesNotContain(transport.Lines, line => line.Contains("_ilm", StringComparison.Ordinal));
        var span = transport.Requests[0].Json["template"]!;
        Assert.Equal("jaeger-span-write", (string?)span["settings"]!["plugins.index_state_management.rollover_alias"]);
        Assert.NotNull(span["aliases"]!["jaeger-span-read"]);
        Assert.True((bool?)transport.Requests[^1].Json["actions"]![0]!["add"]!["is_write_index"]);
    }

    [Fact]
    public async Task AlreadyInitialised_OnlyTemplates()
    {
        var catalog = new IndexCatalogJson()
            .Add("jaeger-span-000003", s_created, "jaeger-span-read", "jaeger-span-write")
            .Add("jaeger-span-000002", s_created, "jaeger-span-read")
            .Add("jaeger-service-000001", s_created, "jaeger-service-read", "jaeger-service-write")
            .Add("jaeger-dependencies-000001", s_created, "jaeger-dependencies-read", "jaeger-dependencies-write");
        var transport = new ScriptedTransport(request => request.Method == HttpMethod.Get ? catalog.Response() : ScriptedTransport.Acknowledged());

        var result = await IndexRollover.InitAsync(transport, TestServers.Es8, new ElasticsearchOptions(), new RolloverParameters(),
            TestContext.Current.CancellationToken);

        Assert.Equal(4, transport.Requests.Count);
        Assert.Empty(result.CreatedIndices);
        Assert.Empty(result.AddedAliases);
    }

    [Fact]
    public async Task ExistingInitialIndexWithoutAliases_KeptAndAliased()
    {
        var catalog = new IndexCatalogJson().Add("jaeger-span-000001", s_created);
        var transport = new ScriptedTransport(request => request switch
        {
            { Method.Method: "GET" } => catalog.Response(),
            { Method.Method: "PUT", Path: "/jaeger-span-000001" } => AlreadyExists("jaeger-span-000001"),
            { Method.Method: "PUT" } when !request.Path.StartsWith("/_", StringComparison.Ordinal) => Created(request.Path[1..]),
            _ => ScriptedTransport.Acknowledged(),
        });

        var result = await IndexRollover.InitAsync(transport, TestServers.Es70, new ElasticsearchOptions(), new RolloverParameters { SkipDependencies = true },
            TestContext.Current.CancellationToken);

        Assert.Equal(["PUT /_template/jaeger-span", "PUT /_template/jaeger-service"], transport.Lines.Take(2));
        Assert.Equal(["jaeger-service-000001"], result.CreatedIndices);
        Assert.Contains(new AliasChange("jaeger-span-write", "jaeger-span-000001"), result.AddedAliases);
        Assert.Contains(new AliasChange("jaeger-span-read", "jaeger-span-000001"), result.AddedAliases);
        Assert.DoesNotContain(transport.Lines, line => line.Contains("dependencies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IndexCreationError_Throws()
    {
        var transport = new ScriptedTransport(request => request switch
        {
            { Method.Method: "GET" } => new IndexCatalogJson().Response(),
            { Method.Method: "PUT", Path: "/jaeger-span-000001" } => ScriptedTransport.Error(400, "validation_exception",
                "Validation Failed: 1: this action would add [10] total shards, but this cluster currently has [1000]/[1000] maximum shards open;"),
            _ => ScriptedTransport.Acknowledged(),
        });

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => IndexRollover.InitAsync(transport, TestServers.Es8,
            new ElasticsearchOptions(), new RolloverParameters(), TestContext.Current.CancellationToken));

        Assert.Contains("Creating index 'jaeger-span-000001' failed: HTTP 400 validation_exception: Validation Failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(transport.Lines, line => line == "POST /_aliases");
    }

    [Fact]
    public async Task Ilm_MissingPolicy_FailsBeforeAnyChange()
    {
        var transport = new ScriptedTransport(request => request.Path == "/_ilm/policy/jaeger-ilm-policy"
            ? ScriptedTransport.Error(404, "resource_not_found_exception", "Lifecycle policy not found: jaeger-ilm-policy")
            : null);

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => IndexRollover.InitAsync(transport, TestServers.Es8,
            new ElasticsearchOptions { UseIlm = true }, new RolloverParameters(), TestContext.Current.CancellationToken));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("ILM policy jaeger-ilm-policy doesn't exist", error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET /_ilm/policy/jaeger-ilm-policy"], transport.Lines);
    }

    [Fact]
    public async Task Ilm_ExistingPolicy_WriteAliasIsWriteIndex_WithPrefix()
    {
        var transport = new ScriptedTransport(request => request switch
        {
            { Path: "/_ilm/policy/custom" } => ScriptedTransport.Json(200, """{"custom":{"version":1,"modified_date":"2024-05-01T00:00:00.000Z","policy":{"phases":{}}}}"""),
            { Method.Method: "GET" } => new IndexCatalogJson().Response(),
            _ => ScriptedTransport.Acknowledged(),
        });

        var result = await IndexRollover.InitAsync(transport, TestServers.Es8,
            new ElasticsearchOptions { UseIlm = true, IlmPolicyName = "custom", IndexPrefix = "prod" }, new RolloverParameters(),
            TestContext.Current.CancellationToken);

        Assert.Equal("GET /_ilm/policy/custom", transport.Lines[0]);
        Assert.Equal("GET /prod-jaeger-*?flat_settings=true&filter_path=*.aliases,*.settings", transport.Lines[4]);
        Assert.Equal("PUT /prod-jaeger-span-000001", transport.Lines[5]);
        Assert.Equal("custom", (string?)transport.Requests[1].Json["template"]!["settings"]!["index.lifecycle.name"]);
        Assert.Contains(new AliasChange("prod-jaeger-span-write", "prod-jaeger-span-000001", IsWriteIndex: true), result.AddedAliases);
        Assert.Contains(new AliasChange("prod-jaeger-span-read", "prod-jaeger-span-000001"), result.AddedAliases);
    }

    [Fact]
    public async Task Ilm_OnEs6_NotSupported_NoRequests()
    {
        var transport = new ScriptedTransport(_ => null);

        await Assert.ThrowsAsync<NotSupportedException>(() => IndexRollover.InitAsync(transport, TestServers.Es6,
            new ElasticsearchOptions { UseIlm = true }, new RolloverParameters(), TestContext.Current.CancellationToken));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task IndexNamedLikeWriteAlias_FailsClearly()
    {
        var catalog = new IndexCatalogJson().Add("jaeger-span-write", s_created);
        var transport = new ScriptedTransport(request => request.Method == HttpMethod.Get ? catalog.Response() : ScriptedTransport.Acknowledged());

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => IndexRollover.InitAsync(transport, TestServers.Es8,
            new ElasticsearchOptions(), new RolloverParameters(), TestContext.Current.CancellationToken));

        Assert.Contains("Index 'jaeger-span-write' exists with the name of an alias", error.Message, StringComparison.Ordinal);
    }
}
