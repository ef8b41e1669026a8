using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Storage.Conformance;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Documents;
using TraceBackend.Storage.Elasticsearch.Templates;

namespace TraceBackend.Storage.Elasticsearch.Tests;

/// <summary>
/// The shared storage conformance suite against a real Elasticsearch or OpenSearch cluster named by
/// <c>TRACEBACKEND_TEST_ELASTICSEARCH</c> (e.g. <c>http://127.0.0.1:9200</c>); skipped when it is not set. Each test
/// uses its own index prefix, refreshes its indices after writes and deletes its indices and templates afterwards.
/// Dependencies come from snapshots, so the span-computed dependency tests are off; the snapshot test runs.
/// </summary>
public sealed class ElasticsearchConformanceTests : StorageConformanceTests, IAsyncDisposable
{
    public const string Variable = "TRACEBACKEND_TEST_ELASTICSEARCH";

    private readonly ElasticsearchOptions _options;
    private readonly SpanDocumentCodec _codec;
    private ElasticsearchHttpTransport? _admin;
    private ElasticsearchServerInfo? _server;

    public ElasticsearchConformanceTests()
    {
        var url = Environment.GetEnvironmentVariable(Variable);
        _options = new ElasticsearchOptions
        {
            ServerUrls = string.IsNullOrWhiteSpace(url) ? [new Uri("http://127.0.0.1:9200")] : [new Uri(url)],
            IndexPrefix = "tbtest-" + Guid.NewGuid().ToString("N")[..12],
            BulkFlushInterval = TimeSpan.FromMilliseconds(10),
            NumShards = 1,
            NumReplicas = 0,
        };
        _codec = new SpanDocumentCodec(new TagFieldPolicy(_options));
    }

    protected override ConformanceCapabilities Capabilities => new() { Dependencies = false };

    protected override async ValueTask<ITraceStore> CreateStoreAsync()
    {
        Assert.SkipWhen(string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)),
            $"no cluster: set {Variable}=http://host:port to run the conformance suite against Elasticsearch/OpenSearch");
        _admin = new ElasticsearchHttpTransport(_options);
        var store = await ElasticsearchStorage.CreateAsync(_options, null, Ct);
        _server = store.Server;
        return store;
    }

    /// <summary>Makes the writes searchable now instead of after the next periodic refresh.</summary>
    protected override async ValueTask AfterWriteAsync()
    {
        var response = await _admin!.SendAsync(HttpMethod.Post, $"/{_options.IndexPrefix}-*/_refresh", cancellationToken: Ct);
        Assert.True(response.IsSuccess, $"refresh failed: {response.BodyText()}");
    }

    protected override Span StoredForm(Span written) => _codec.RoundTrip(written);

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        if (_admin is null)
        {
            return;
        }

        using (_admin)
        {
            var listing = await _admin.SendAsync(HttpMethod.Get, $"/_cat/indices/{_options.IndexPrefix}-*?format=json&h=index", cancellationToken: CancellationToken.None);
            if (listing.IsSuccess)
            {
                using var document = listing.ParseJson();
                var indices = document.RootElement.EnumerateArray().Select(i => i.GetProperty("index").GetString()).ToList();
                if (indices.Count > 0)
                {
                    // Wildcard deletes are refused by default since Elasticsearch 8 (action.destructive_requires_name).
                    await _admin.SendAsync(HttpMethod.Delete, "/" + string.Join(',', indices), cancellationToken: CancellationToken.None);
                }
            }

            if (_server is not null)
            {
                foreach (var template in IndexTemplateBuilder.BuildAll(_server, _options))
                {
                    await _admin.SendAsync(HttpMethod.Delete, template.Path, cancellationToken: CancellationToken.None);
                }
            }
        }
    }
}
