using System.Text.Json.Nodes;
using TraceBackend.Storage.Elasticsearch.Indices;

namespace TraceBackend.Storage.Elasticsearch.Tests.Indices;

public sealed class IndexRolloverLookbackTests
{
    private static readonly DateTimeOffset s_now = new(2024, 5, 10, 13, 45, 30, 500, TimeSpan.Zero);

    [Theory]
    [InlineData(LookbackUnit.Seconds, 10, "2024-05-10T13:45:20Z")]
    [InlineData(LookbackUnit.Minutes, 5, "2024-05-10T13:40:00Z")]
    [InlineData(LookbackUnit.Hours, 2, "2024-05-10T11:00:00Z")]
    [InlineData(LookbackUnit.Days, 1, "2024-05-10T00:00:00Z")]
    [InlineData(LookbackUnit.Days, 3, "2024-05-08T00:00:00Z")]
    [InlineData(LookbackUnit.Weeks, 1, "2024-05-04T00:00:00Z")]
    [InlineData(LookbackUnit.Months, 2, "2024-03-10T00:00:00Z")]
    [InlineData(LookbackUnit.Years, 1, "2023-05-10T00:00:00Z")]
    public void Reference_AsJaeger(LookbackUnit unit, int count, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), IndexRollover.LookbackReference(s_now, unit, count));

    [Fact]
    public void Reference_UsesUtcDate()
    {
        // 01:30 at +05:00 is still the previous UTC day.
        var local = new DateTimeOffset(2024, 5, 11, 1, 30, 0, TimeSpan.FromHours(5));

        Assert.Equal(new DateTimeOffset(2024, 5, 10, 0, 0, 0, TimeSpan.Zero), IndexRollover.LookbackReference(local, LookbackUnit.Days, 1));
    }

    [Fact]
    public async Task RemovesOldIndicesFromReadAlias_NeverTheWriteIndex()
    {
        var catalog = new IndexCatalogJson()
            .Add("jaeger-span-000001", s_now.AddDays(-5), "jaeger-span-read")
            .Add("jaeger-span-000002", new DateTimeOffset(2024, 5, 9, 23, 59, 59, TimeSpan.Zero), "jaeger-span-read")
            .Add("jaeger-span-000003", new DateTimeOffset(2024, 5, 10, 0, 0, 0, TimeSpan.Zero), "jaeger-span-read")
            .Add("jaeger-span-000004", s_now.AddDays(-1), "jaeger-span-read", "jaeger-span-write")
            // ILM layout: old indices keep the write alias with is_write_index false.
            .Add("jaeger-service-000001", s_now.AddDays(-9), "jaeger-service-read", "jaeger-service-write~")
            .Add("jaeger-service-000002", s_now.AddDays(-2), "jaeger-service-read", "jaeger-service-write!")
            .Add("jaeger-dependencies-000001", s_now.AddDays(-30))
            .Add("jaeger-span-2024-04-01", s_now.AddDays(-39));
        var transport = new ScriptedTransport(request => request.Method == HttpMethod.Get ? catalog.Response() : ScriptedTransport.Acknowledged());

        var removed = await IndexRollover.LookbackAsync(transport, TestServers.Es8, new ElasticsearchOptions { UseAliases = true },
            new RolloverParameters { Unit = LookbackUnit.Days, UnitCount = 1, Now = s_now }, TestContext.Current.CancellationToken);

        Assert.Equal(["GET /jaeger-*?flat_settings=true&filter_path=*.aliases,*.settings", "POST /_aliases"], transport.Lines);
        Assert.Equal(
        [
            new AliasChange("jaeger-span-read", "jaeger-span-000001"),
            new AliasChange("jaeger-span-read", "jaeger-span-000002"),
            new AliasChange("jaeger-service-read", "jaeger-service-000001"),
        ], removed);
        var expected = JsonNode.Parse("""
            {"actions":[
              {"remove":{"index":"jaeger-span-000001","alias":"jaeger-span-read"}},
              {"remove":{"index":"jaeger-span-000002","alias":"jaeger-span-read"}},
              {"remove":{"index":"jaeger-service-000001","alias":"jaeger-service-read"}}
            ]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, transport.Requests[1].Json), transport.Requests[1].Body);
    }

    [Fact]
    public async Task NothingOldEnough_NoAliasRequest()
    {
        var catalog = new IndexCatalogJson().Add("prod-jaeger-span-000001", s_now.AddHours(-1), "prod-jaeger-span-read", "prod-jaeger-span-write");
        var transport = new ScriptedTransport(request => request.Method == HttpMethod.Get ? catalog.Response() : null);

        var removed = await IndexRollover.LookbackAsync(transport, TestServers.Os2, new ElasticsearchOptions { IndexPrefix = "prod" },
            new RolloverParameters { Unit = LookbackUnit.Hours, UnitCount = 0, Now = s_now }, TestContext.Current.CancellationToken);

        Assert.Empty(removed);
        Assert.Equal(["GET /prod-jaeger-*?flat_settings=true&filter_path=*.aliases,*.settings"], transport.Lines);
    }
}
