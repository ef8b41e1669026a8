using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary>Version detection from <c>GET /</c> and the <c>--es-version</c> override.</summary>
public sealed class ServerInfoDetectorTests
{
    public static TheoryData<string, ElasticsearchDistribution, int, int> Roots => new()
    {
        { Answers.Es68Root, ElasticsearchDistribution.Elasticsearch, 6, 8 },
        { Answers.Es717Root, ElasticsearchDistribution.Elasticsearch, 7, 17 },
        { Answers.Es8Root, ElasticsearchDistribution.Elasticsearch, 8, 15 },
        { Answers.OpenSearch2Root, ElasticsearchDistribution.OpenSearch, 2, 17 },
        // OpenSearch 1.x without the distribution field: the tagline tells.
        { """{"version":{"number":"1.3.14"},"tagline":"The OpenSearch Project: https://opensearch.org/"}""", ElasticsearchDistribution.OpenSearch, 1, 3 },
    };

    [Theory]
    [MemberData(nameof(Roots))]
    public async Task The_version_is_read_from_the_root_document(string root, ElasticsearchDistribution distribution, int major, int minor)
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json(root));
        using var transport = TestStores.Transport(TestStores.Options(fake));

        var info = await ServerInfoDetector.DetectAsync(transport, TestStores.Options(fake), TestContext.Current.CancellationToken);

        Assert.Equal(new ElasticsearchServerInfo(distribution, major, minor), info);
        var request = Assert.Single(fake.Requests);
        Assert.Equal(("GET", "/"), (request.Method, request.Path));
        Assert.Equal(major == 6 && distribution == ElasticsearchDistribution.Elasticsearch, info.UsesMappingTypes);
    }

    [Fact]
    public async Task Elasticsearch_5_is_refused_with_the_supported_versions()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Json("""{"name":"old","version":{"number":"5.6.16"},"tagline":"You Know, for Search"}"""));
        using var transport = TestStores.Transport(TestStores.Options(fake));

        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => ServerInfoDetector.DetectAsync(transport, TestStores.Options(fake), TestContext.Current.CancellationToken));

        Assert.Equal("Elasticsearch 5.6 is not supported: Elasticsearch 6.8 or later, or OpenSearch, is needed", e.Message);
    }

    [Fact]
    public async Task A_configured_version_skips_the_request()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => throw new InvalidOperationException("no request expected"));
        using var transport = TestStores.Transport(TestStores.Options(fake));

        var info = await ServerInfoDetector.DetectAsync(transport, TestStores.Options(fake) with { Version = "opensearch2" }, TestContext.Current.CancellationToken);

        Assert.Equal(new ElasticsearchServerInfo(ElasticsearchDistribution.OpenSearch, 2, 0), info);
        Assert.Empty(fake.Requests);
    }

    [Theory]
    [InlineData("6", ElasticsearchDistribution.Elasticsearch, 6, 0)]
    [InlineData("7.17", ElasticsearchDistribution.Elasticsearch, 7, 17)]
    [InlineData("9", ElasticsearchDistribution.Elasticsearch, 9, 0)]
    [InlineData("OpenSearch3", ElasticsearchDistribution.OpenSearch, 3, 0)]
    [InlineData("opensearch2.11", ElasticsearchDistribution.OpenSearch, 2, 11)]
    public void Version_options_parse(string text, ElasticsearchDistribution distribution, int major, int minor) =>
        Assert.Equal(new ElasticsearchServerInfo(distribution, major, minor), ServerInfoDetector.ParseVersionOption(text));

    [Theory]
    [InlineData("seven")]
    [InlineData("opensearch")]
    [InlineData("0")]
    [InlineData("5")]
    public void Bad_version_options_are_refused(string text) =>
        Assert.Throws<ArgumentException>(() => ServerInfoDetector.ParseVersionOption(text));

    [Fact]
    public async Task Wrong_credentials_fail_with_the_servers_reason()
    {
        await using var fake = await FakeElasticsearch.StartAsync(_ => FakeResponse.Error(401, "security_exception", "unable to authenticate user [jaeger]"));
        using var transport = TestStores.Transport(TestStores.Options(fake));

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => ServerInfoDetector.DetectAsync(transport, TestStores.Options(fake), TestContext.Current.CancellationToken));

        Assert.Equal(401, error.StatusCode);
        Assert.Contains("security_exception: unable to authenticate user [jaeger]", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests); // 401 is not retried
    }
}
