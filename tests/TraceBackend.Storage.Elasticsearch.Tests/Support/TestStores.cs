using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>Stores and transports pointed at a <see cref="FakeElasticsearch"/>, with fast retries and flushes.</summary>
public static class TestStores
{
    internal static readonly RetryPolicy FastRetry = new(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(5));

    public static readonly ElasticsearchServerInfo Es8 = new(ElasticsearchDistribution.Elasticsearch, 8, 15);

    public static readonly ElasticsearchServerInfo Es6 = new(ElasticsearchDistribution.Elasticsearch, 6, 8);

    /// <summary>2024-06-10 12:00 UTC: "now" of the store tests.</summary>
    public static readonly DateTimeOffset Now = new(2024, 6, 10, 12, 0, 0, TimeSpan.Zero);

    public static ElasticsearchOptions Options(FakeElasticsearch fake) => new()
    {
        ServerUrls = [fake.Url],
        RequestTimeout = TimeSpan.FromSeconds(5),
        BulkFlushInterval = TimeSpan.FromMilliseconds(20),
        CreateIndexTemplates = false,
    };

    internal static ElasticsearchHttpTransport Transport(ElasticsearchOptions options) => new(options, FastRetry, null);

    internal static ElasticsearchTraceStore Create(ElasticsearchOptions options, ElasticsearchServerInfo? server = null, TimeProvider? time = null) =>
        new(Transport(options), server ?? Es8, options, null, ownsTransport: true, FastRetry, time ?? new FixedClock(Now));
}
