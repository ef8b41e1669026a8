using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Indices;

namespace TraceBackend.Storage.Elasticsearch.Tests.Indices;

public sealed class IndexCleanerTests
{
    private static readonly DateTimeOffset s_now = new(2024, 5, 10, 13, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset s_longAgo = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ScriptedTransport Cluster(IndexCatalogJson catalog) => new(request => request.Method == HttpMethod.Get
        ? catalog.Response()
        : request.Method == HttpMethod.Delete ? ScriptedTransport.Acknowledged() : null);

    [Theory]
    [InlineData(0, "2024-05-11T00:00:00Z")]
    [InlineData(1, "2024-05-10T00:00:00Z")]
    [InlineData(3, "2024-05-08T00:00:00Z")]
    public void Cutoff_IsTomorrowMidnightMinusDays(int days, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), IndexCleaner.DeletionCutoff(s_now, days));

    [Fact]
    public async Task Daily_DeletesNamedDaysBeforeCutoff_KeepsBoundaryDay()
    {
        // Creation dates are deliberately misleading: daily indices are judged by the date in their name.
        var catalog = new IndexCatalogJson()
            .Add("jaeger-span-2024-05-07", s_now)
            .Add("jaeger-span-2024-05-08", s_longAgo)
            .Add("jaeger-span-2024-05-10", s_now)
            .Add("jaeger-service-2024-05-01", s_now)
            .Add("jaeger-dependencies-2024-05-06", s_now)
            .Add("jaeger-sampling-2024-05-07", s_now)
            .Add("jaeger-span-2024-05-07-23", s_now)
            .Add("jaeger-span-2024-05-08-00", s_now)
            .Add("jaeger-span-archive", s_longAgo)
            .Add("jaeger-span-000001", s_longAgo)
            .Add("jaeger-span-2024-13-45", s_longAgo)
            .Add("jaeger-span-2024-05-01-extra", s_longAgo)
            .Add("prod-jaeger-span-2024-01-01", s_longAgo);
        var transport = Cluster(catalog);

        var deleted = await IndexCleaner.CleanAsync(transport, TestServers.Es8, new ElasticsearchOptions(),
            new IndexCleanerParameters { Days = 3, Now = s_now }, TestContext.Current.CancellationToken);

        string[] expected =
        [
            "jaeger-dependencies-2024-05-06",
            "jaeger-sampling-2024-05-07",
            "jaeger-service-2024-05-01",
            "jaeger-span-2024-05-07",
            "jaeger-span-2024-05-07-23",
        ];
        Assert.Equal(expected, deleted);
        Assert.Equal(
        [
            "GET /jaeger-*?flat_settings=true&filter_path=*.aliases,*.settings",
            "DELETE /" + string.Join(',', expected) + "?master_timeout=120s&ignore_unavailable=true",
        ], transport.Lines);
    }

    [Fact]
    public async Task Daily_Prefix_OnlyOwnPrefix()
    {
        var catalog = new IndexCatalogJson()
            .Add("prod-jaeger-span-2024-04-01", s_longAgo)
            .Add("prod-jaeger-span-2024-05-10", s_longAgo)
            .Add("prodx-jaeger-span-2024-04-01", s_longAgo)
            .Add("jaeger-span-2024-04-01", s_longAgo);
        var transport = Cluster(catalog);

        var deleted = await IndexCleaner.CleanAsync(transport, TestServers.Os1, new ElasticsearchOptions { IndexPrefix = "prod-" },
            new IndexCleanerParameters { Days = 1, Now = s_now, MasterTimeoutSeconds = 30 }, TestContext.Current.CancellationToken);

        Assert.Equal(["prod-jaeger-span-2024-04-01"], deleted);
        Assert.Equal("GET /prod-jaeger-*?flat_settings=true&filter_path=*.aliases,*.settings", transport.Lines[0]);
        Assert.Equal("DELETE /prod-jaeger-span-2024-04-01?master_timeout=30s&ignore_unavailable=true", transport.Lines[1]);
    }

    [Fact]
    public async Task Rollover_ByCreationDate_NeverTheWriteIndex()
    {
        var cutoff = new DateTimeOffset(2024, 5, 8, 0, 0, 0, TimeSpan.Zero);
        var catalog = new IndexCatalogJson()
            .Add("jaeger-span-000001", cutoff.AddDays(-10), "jaeger-span-read")
            .Add("jaeger-span-000002", cutoff.AddMilliseconds(-1))
            .Add("jaeger-span-000003", cutoff, "jaeger-span-read")
            .Add("jaeger-service-000001", cutoff.AddDays(-20), "jaeger-service-read", "jaeger-service-write")
            .Add("jaeger-dependencies-000001", cutoff.AddDays(-20), "jaeger-dependencies-write~")
            .Add("jaeger-dependencies-000002", cutoff.AddDays(-19), "jaeger-dependencies-write!")
            .Add("jaeger-span-2024-01-01", s_longAgo)
            .Add("jaeger-span-archive-000001", s_longAgo);
        var transport = Cluster(catalog);

        var deleted = await IndexCleaner.CleanAsync(transport, TestServers.Es8, new ElasticsearchOptions { UseAliases = true },
            new IndexCleanerParameters { Days = 3, Now = s_now, Rollover = true }, TestContext.Current.CancellationToken);

        Assert.Equal(["jaeger-dependencies-000001", "jaeger-span-000001", "jaeger-span-000002"], deleted);
    }

    [Fact]
    public async Task Daily_NeverDeletesAnIndexBehindAWriteAlias()
    {
        var catalog = new IndexCatalogJson().Add("jaeger-span-2024-01-01", s_longAgo, "jaeger-span-write");
        var transport = Cluster(catalog);

        var deleted = await IndexCleaner.CleanAsync(transport, TestServers.Es8, new ElasticsearchOptions(),
            new IndexCleanerParameters { Days = 0, Now = s_now }, TestContext.Current.CancellationToken);

        Assert.Empty(deleted);
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task ManyIndices_DeletedInBatchesUnder4000Characters()
    {
        var catalog = new IndexCatalogJson();
        var prefix = "a-very-long-tenant-prefix-for-batching";
        var names = new List<string>();
        for (var day = new DateTime(2020, 1, 1); day < new DateTime(2021, 1, 1); day = day.AddDays(1))
        {
            var name = $"{prefix}-jaeger-span-{day:yyyy-MM-dd}";
            names.Add(name);
            catalog.Add(name, s_longAgo);
        }

        var transport = Cluster(catalog);

        var deleted = await IndexCleaner.CleanAsync(transport, TestServers.Es8, new ElasticsearchOptions { IndexPrefix = prefix },
            new IndexCleanerParameters { Days = 7, Now = s_now }, TestContext.Current.CancellationToken);

        var deletes = transport.Requests.Where(r => r.Method == HttpMethod.Delete).ToList();
        Assert.True(deletes.Count > 1);
        var batches = deletes.Select(r => r.Path[1..r.Path.IndexOf('?', StringComparison.Ordinal)]).ToList();
        Assert.All(batches, batch => Assert.True(batch.Length <= 4000, $"{batch.Length} characters"));
        Assert.Equal(names, batches.SelectMany(batch => batch.Split(',')));
        Assert.Equal(names, deleted);
    }

    [Fact]
    public async Task DeleteError_Throws()
    {
        var catalog = new IndexCatalogJson().Add("jaeger-span-2024-01-01", s_longAgo);
        var transport = new ScriptedTransport(request => request.Method == HttpMethod.Get
            ? catalog.Response()
            : ScriptedTransport.Error(403, "security_exception", "action [indices:admin/delete] is unauthorized for user [jaeger]"));

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => IndexCleaner.CleanAsync(transport, TestServers.Es8,
            new ElasticsearchOptions(), new IndexCleanerParameters { Days = 1, Now = s_now }, TestContext.Current.CancellationToken));

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("Deleting indices jaeger-span-2024-01-01 failed: HTTP 403 security_exception: action [indices:admin/delete] is unauthorized",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnexpectedCatalogBody_Throws()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(200, """{"jaeger-span-2024-01-01":{"aliases":{}}}"""));

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => IndexCleaner.CleanAsync(transport, TestServers.Es8,
            new ElasticsearchOptions(), new IndexCleanerParameters { Days = 1, Now = s_now }, TestContext.Current.CancellationToken));

        Assert.Contains("unexpected body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NegativeDays_Rejected()
    {
        var transport = new ScriptedTransport(_ => null);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => IndexCleaner.CleanAsync(transport, TestServers.Es8,
            new ElasticsearchOptions(), new IndexCleanerParameters { Days = -1, Now = s_now }, TestContext.Current.CancellationToken));
        Assert.Empty(transport.Requests);
    }
}
