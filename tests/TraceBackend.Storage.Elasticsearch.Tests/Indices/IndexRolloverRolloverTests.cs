using System.Text.Json.Nodes;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Indices;

namespace TraceBackend.Storage.Elasticsearch.Tests.Indices;

public sealed class IndexRolloverRolloverTests
{
    private static readonly DateTimeOffset s_day1 = new(2024, 5, 1, 0, 0, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset s_day3 = new(2024, 5, 3, 0, 0, 5, TimeSpan.Zero);

    private static ElasticsearchResponse RolloverAnswer(string family, bool rolledOver)
    {
        var flag = rolledOver ? "true" : "false";
        return ScriptedTransport.Json(200, $$$"""
            {"acknowledged":{{{flag}}},"shards_acknowledged":{{{flag}}},
             "old_index":"jaeger-{{{family}}}-000001","new_index":"jaeger-{{{family}}}-000002",
             "rolled_over":{{{flag}}},"dry_run":false,"conditions":{"[max_age: 2d]":{{{flag}}}}}
            """);
    }

    /// <summary>The cluster after a rollover of every family: the alias moved to -000002, which lacks the read alias.</summary>
    private static IndexCatalogJson AfterRollover() => new IndexCatalogJson()
        .Add("jaeger-span-000001", s_day1, "jaeger-span-read")
        .Add("jaeger-span-000002", s_day3, "jaeger-span-write")
        .Add("jaeger-service-000001", s_day1, "jaeger-service-read")
        .Add("jaeger-service-000002", s_day3, "jaeger-service-write")
        .Add("jaeger-dependencies-000001", s_day1, "jaeger-dependencies-read")
        .Add("jaeger-dependencies-000002", s_day3, "jaeger-dependencies-write");

    [Fact]
    public async Task RollsEachFamily_ThenAddsReadAliasToNewWriteIndex()
    {
        var catalog = AfterRollover();
        var transport = new ScriptedTransport(request => request switch
        {
            { Method.Method: "POST", Path: var path } when path.EndsWith("/_rollover", StringComparison.Ordinal) =>
                RolloverAnswer(path.Split('-')[1], rolledOver: true),
            { Method.Method: "GET" } => catalog.Response(),
            _ => ScriptedTransport.Acknowledged(),
        });

        var outcomes = await IndexRollover.RolloverAsync(transport, TestServers.Es8, new ElasticsearchOptions { UseAliases = true },
            new RolloverParameters(), TestContext.Current.CancellationToken);

        const string Catalog = "GET /jaeger-*?flat_settings=true&filter_path=*.aliases,*.settings";
        Assert.Equal(
        [
            "POST /jaeger-span-write/_rollover", Catalog, "POST /_aliases",
            "POST /jaeger-service-write/_rollover", Catalog, "POST /_aliases",
            "POST /jaeger-dependencies-write/_rollover", Catalog, "POST /_aliases",
        ], transport.Lines);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"conditions":{"max_age":"2d"}}"""), transport.Requests[0].Json));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"actions":[{"add":{"index":"jaeger-span-000002","alias":"jaeger-span-read"}}]}"""),
            transport.Requests[2].Json), transport.Requests[2].Body);
        Assert.Equal(("jaeger-span-000001", "jaeger-span-000002", true), (outcomes[0].OldIndex, outcomes[0].NewIndex, outcomes[0].RolledOver));
        Assert.Equal([new AliasChange("jaeger-service-read", "jaeger-service-000002")], outcomes[1].AddedReadAliases);
    }

    [Fact]
    public async Task ConditionsNotMet_NoAliasChange()
    {
        var catalog = new IndexCatalogJson()
            .Add("jaeger-span-000001", s_day1, "jaeger-span-read", "jaeger-span-write")
            .Add("jaeger-service-000001", s_day1, "jaeger-service-read", "jaeger-service-write");
        var transport = new ScriptedTransport(request => request switch
        {
            { Method.Method: "POST", Path: var path } when path.EndsWith("/_rollover", StringComparison.Ordinal) =>
                RolloverAnswer(path.Split('-')[1], rolledOver: false),
            { Method.Method: "GET" } => catalog.Response(),
            _ => null,
        });

        var outcomes = await IndexRollover.RolloverAsync(transport, TestServers.Es8, new ElasticsearchOptions(),
            new RolloverParameters { SkipDependencies = true, Conditions = """{"max_age":"1d","max_docs":5000000}""" }, TestContext.Current.CancellationToken);

        Assert.All(outcomes, outcome => Assert.False(outcome.RolledOver));
        Assert.All(outcomes, outcome => Assert.Empty(outcome.AddedReadAliases));
        Assert.DoesNotContain(transport.Lines, line => line == "POST /_aliases");
        Assert.Equal(5000000, (int?)transport.Requests[0].Json["conditions"]!["max_docs"]);
    }

    [Fact]
    public async Task EmptyConditions_NoBody()
    {
        var transport = new ScriptedTransport(request => request switch
        {
            { Method.Method: "POST", Path: var path } when path.EndsWith("/_rollover", StringComparison.Ordinal) =>
                RolloverAnswer(path.Split('-')[1], rolledOver: true),
            { Method.Method: "GET" } => AfterRollover().Response(),
            _ => ScriptedTransport.Acknowledged(),
        });

        await IndexRollover.RolloverAsync(transport, TestServers.Es6, new ElasticsearchOptions(), new RolloverParameters { Conditions = "" },
            TestContext.Current.CancellationToken);

        Assert.All(transport.Requests.Where(r => r.Path.EndsWith("/_rollover", StringComparison.Ordinal)), r => Assert.Null(r.Body));
    }

    [Theory]
    [InlineData("max_age: 1d")]
    [InlineData("[1,2]")]
    public async Task InvalidConditions_ArgumentException_NoRequest(string conditions)
    {
        var transport = new ScriptedTransport(_ => null);

        await Assert.ThrowsAsync<ArgumentException>(() => IndexRollover.RolloverAsync(transport, TestServers.Es8, new ElasticsearchOptions(),
            new RolloverParameters { Conditions = conditions }, TestContext.Current.CancellationToken));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task MissingWriteAlias_ErrorNamesAlias()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Error(400, "illegal_argument_exception",
            "rollover target [jaeger-span-write] does not exist"));

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => IndexRollover.RolloverAsync(transport, TestServers.Es8,
            new ElasticsearchOptions(), new RolloverParameters(), TestContext.Current.CancellationToken));

        Assert.Equal("Rolling over alias 'jaeger-span-write' failed: HTTP 400 illegal_argument_exception: rollover target [jaeger-span-write] does not exist",
            error.Message);
    }
}
