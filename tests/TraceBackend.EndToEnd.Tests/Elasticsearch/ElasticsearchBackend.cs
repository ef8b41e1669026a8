using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TraceBackend.Host;
using TraceBackend.Host.Listeners;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.EndToEnd.Tests.Elasticsearch;

/// <summary>
/// An all-in-one backend on loopback started with <c>--storage elasticsearch --es-server-urls</c> pointing at an
/// <see cref="EmulatedCluster"/> behind a <see cref="FakeElasticsearch"/>, which records every request. While
/// <see cref="Outage"/> is not <see cref="BulkOutage.None"/>, <c>POST /_bulk</c> is refused (nothing is stored) and
/// every other request still reaches the emulated cluster. The emulated cluster makes documents searchable at once
/// (as after a refresh), so reads after an acknowledged write need no refresh.
/// </summary>
internal sealed class ElasticsearchBackend : IAsyncDisposable
{
    private readonly FakeElasticsearch _cluster;
    private readonly TraceBackendApp _app;
    private volatile BulkOutage _outage;

    private ElasticsearchBackend(FakeElasticsearch cluster, TraceBackendApp app)
    {
        _cluster = cluster;
        _app = app;
    }

    public TraceBackendApp App => _app;

    /// <summary>Every request the cluster received, in arrival order (start-up included).</summary>
    public IReadOnlyList<RecordedRequest> ClusterRequests => _cluster.Requests;

    public HttpClient Query { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri OtlpGrpcBase => Url(ListenerNames.OtlpGrpc);

    public Uri OtlpHttpBase => Url(ListenerNames.OtlpHttp);

    public BulkOutage Outage
    {
        get => _outage;
        set => _outage = value;
    }

    /// <summary>
    /// Starts the cluster, then the app with the loopback listeners, the cluster URL, a 20 ms bulk flush interval and
    /// <paramref name="extraArgs"/>.
    /// </summary>
    public static async Task<ElasticsearchBackend> StartAsync(params string[] extraArgs)
    {
        var emulated = new EmulatedCluster();
        ElasticsearchBackend? backend = null;
        var cluster = await FakeElasticsearch.StartAsync(request => Answer(backend, emulated, request));
        try
        {
            var options = BackendFixture.LoopbackOptions(
            [
                "--storage", "elasticsearch",
                "--es-server-urls", cluster.Url.ToString(),
                "--es-bulk-flush-interval", "20ms",
                .. extraArgs,
            ]);
            var app = await TraceBackendApp.CreateAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), TestContext.Current.CancellationToken);
            backend = new ElasticsearchBackend(cluster, app);
            await app.StartAsync(TestContext.Current.CancellationToken);
            backend.Query.BaseAddress = backend.Url(ListenerNames.Query);
            return backend;
        }
        catch
        {
            if (backend is not null)
            {
                await backend.DisposeAsync();
            }
            else
            {
                await cluster.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The recorded <c>_bulk</c> requests' action lines (<c>{"index":{"_index":…,"_id":…}}</c>) with their documents.</summary>
    public IReadOnlyList<(string Index, JsonElement Document)> BulkDocuments() =>
    [
        .. _cluster.RequestsTo("/_bulk").SelectMany(static request =>
        {
            var lines = request.Lines;
            return Enumerable.Range(0, lines.Count / 2)
                .Select(i => (lines[2 * i].GetProperty("index").GetProperty("_index").GetString()!, lines[(2 * i) + 1]));
        }),
    ];

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Query.Dispose();
        await _app.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    private Uri Url(string listener) => new($"http://{IPAddress.Loopback}:{_app.Endpoints[listener].Port}/");

    private static FakeResponse Answer(ElasticsearchBackend? backend, EmulatedCluster emulated, RecordedRequest request)
    {
        var outage = backend?.Outage ?? BulkOutage.None;
        if (outage == BulkOutage.None || request.Method != "POST" || request.Path != "/_bulk")
        {
            return emulated.Handle(request);
        }

        return outage == BulkOutage.Unavailable
            ? FakeResponse.Error(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master]")
            : Answers.Bulk(request, static (_, _) => (429, "es_rejected_execution_exception"));
    }
}
