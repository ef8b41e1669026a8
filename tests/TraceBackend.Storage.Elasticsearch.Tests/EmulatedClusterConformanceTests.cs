using TraceBackend.Model;
using TraceBackend.Storage.Conformance;
using TraceBackend.Storage.Elasticsearch.Documents;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary>
/// The conformance suite end to end over HTTP against <see cref="EmulatedCluster"/> (no real cluster needed): checks the
/// store's own logic — request building, paging, post-filtering, ordering, dedup, codec — given an engine that
/// evaluates its queries as Elasticsearch would. What only a real cluster can show (mappings, analyzers, refresh,
/// shard behaviour) is left to <see cref="ElasticsearchConformanceTests"/>.
/// </summary>
public sealed class EmulatedClusterConformanceTests : StorageConformanceTests, IAsyncDisposable
{
    private readonly ElasticsearchOptions _options = new()
    {
        BulkFlushInterval = TimeSpan.FromMilliseconds(5),
        ServiceCacheTtl = TimeSpan.FromHours(12),
    };

    private FakeElasticsearch? _server;

    protected override ConformanceCapabilities Capabilities => new() { Dependencies = false };

    protected override async ValueTask<ITraceStore> CreateStoreAsync()
    {
        var cluster = new EmulatedCluster();
        _server = await FakeElasticsearch.StartAsync(cluster.Handle);
        return await ElasticsearchStorage.CreateAsync(_options with { ServerUrls = [_server.Url] }, null, Ct);
    }

    protected override Span StoredForm(Span written) => new SpanDocumentCodec(new TagFieldPolicy(_options)).RoundTrip(written);

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
