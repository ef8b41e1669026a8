using System.Globalization;
using System.Text.Json;

namespace TraceBackend.EndToEnd.Tests.Elasticsearch;

/// <summary>
/// The all-in-one host with <c>--storage elasticsearch</c> against the emulated cluster: spans exported by the real
/// OpenTelemetry .NET SDK come back through the Jaeger query API, and the cluster saw Jaeger's index layout
/// (templates at start-up, daily span and service indices of the span's UTC start date).
/// </summary>
public sealed class ElasticsearchExportTests
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sdk_trace_is_stored_in_jaeger_indices_and_comes_back_through_the_query_api()
    {
        using var timeout = new CancellationTokenSource(s_testTimeout);
        await using var backend = await ElasticsearchBackend.StartAsync().WaitAsync(timeout.Token);
        var frontend = "es-front-" + Guid.NewGuid().ToString("N")[..8];
        var service2 = "es-back-" + Guid.NewGuid().ToString("N")[..8];
        var trace = TwoServiceTrace.Export(backend.OtlpGrpcBase, frontend, service2, DateTimeOffset.UtcNow.AddSeconds(-2));

        // The SDK's export returned after the collector acknowledged, i.e. after the bulk items were stored; the
        // emulated cluster makes them searchable at once, so the trace must be readable without waiting.
        var document = await JaegerJson.GetAsync(backend.Query, $"api/traces/{trace.TraceId}").WaitAsync(timeout.Token);
        var found = Assert.Single(document.GetProperty("data").EnumerateArray());
        JaegerJson.AssertWellFormedTrace(found);
        Assert.Equal(3, found.GetProperty("spans").GetArrayLength());
        Assert.Equal(2, found.GetProperty("processes").EnumerateObject().Count());

        var root = JaegerJson.SpanByName(found, TwoServiceTrace.RootOperation);
        Assert.Equal(trace.RootId, root.GetProperty("spanID").GetString());
        Assert.Empty(root.GetProperty("references").EnumerateArray());
        Assert.Equal((trace.RootStart - DateTimeOffset.UnixEpoch).Ticks / 10, root.GetProperty("startTime").GetInt64());
        Assert.Equal(500_000, root.GetProperty("duration").GetInt64());
        Assert.Equal(200, JaegerJson.Tag(root.GetProperty("tags"), "http.response.status_code").GetProperty("value").GetInt64());
        Assert.Equal("server", JaegerJson.Tag(root.GetProperty("tags"), "span.kind").GetProperty("value").GetString());
        var rootProcess = found.GetProperty("processes").GetProperty(root.GetProperty("processID").GetString()!);
        Assert.Equal(frontend, rootProcess.GetProperty("serviceName").GetString());
        Assert.Equal("e2e-es-host", JaegerJson.Tag(rootProcess.GetProperty("tags"), "host.name").GetProperty("value").GetString());

        var child = JaegerJson.SpanByName(found, TwoServiceTrace.ChildOperation);
        Assert.Equal(trace.ChildId, child.GetProperty("spanID").GetString());
        AssertChildOf(child, trace.TraceId, trace.RootId);
        Assert.True(JaegerJson.Tag(child.GetProperty("tags"), "error").GetProperty("value").GetBoolean());
        Assert.Equal("timeout", JaegerJson.Tag(child.GetProperty("tags"), "otel.status_description").GetProperty("value").GetString());

        var remote = JaegerJson.SpanByName(found, TwoServiceTrace.RemoteOperation);
        Assert.Equal(trace.RemoteId, remote.GetProperty("spanID").GetString());
        AssertChildOf(remote, trace.TraceId, trace.RootId);
        Assert.Equal(200_000, remote.GetProperty("duration").GetInt64());
        var remoteProcess = found.GetProperty("processes").GetProperty(remote.GetProperty("processID").GetString()!);
        Assert.Equal(service2, remoteProcess.GetProperty("serviceName").GetString());

        var services = await JaegerJson.GetAsync(backend.Query, "api/services").WaitAsync(timeout.Token);
        var names = services.GetProperty("data").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains(frontend, names);
        Assert.Contains(service2, names);
        var operations = await JaegerJson.GetAsync(backend.Query, $"api/operations?service={frontend}").WaitAsync(timeout.Token);
        Assert.Equal(
            ["GET /dispatch server", "SELECT customers client"],
            operations.GetProperty("data").EnumerateArray()
                .Select(o => $"{o.GetProperty("name").GetString()} {o.GetProperty("spanKind").GetString()}").Order(StringComparer.Ordinal));

        // Tags and duration together: both must hold on the same span (the root: status 200, 500 ms).
        Assert.Equal([trace.TraceId], await SearchAsync(backend, frontend, """{"http.response.status_code":"200"}""", "400ms", timeout.Token));
        Assert.Empty(await SearchAsync(backend, frontend, """{"http.response.status_code":"200"}""", "600ms", timeout.Token));
        Assert.Empty(await SearchAsync(backend, frontend, """{"http.response.status_code":"500"}""", "400ms", timeout.Token));
        // The error tag is on the 100 ms child: it matches alone, but not together with a 400 ms minimum.
        Assert.Equal([trace.TraceId], await SearchAsync(backend, frontend, """{"error":"true"}""", "50ms", timeout.Token));
        Assert.Empty(await SearchAsync(backend, frontend, """{"error":"true"}""", "400ms", timeout.Token));

        AssertJaegerLayout(backend, trace, frontend);
    }

    private static void AssertChildOf(JsonElement span, string traceId, string parentId)
    {
        var reference = Assert.Single(span.GetProperty("references").EnumerateArray());
        Assert.Equal("CHILD_OF", reference.GetProperty("refType").GetString());
        Assert.Equal(traceId, reference.GetProperty("traceID").GetString());
        Assert.Equal(parentId, reference.GetProperty("spanID").GetString());
    }

    private static async Task<IReadOnlyList<string?>> SearchAsync(ElasticsearchBackend backend, string service, string tags, string minDuration,
        CancellationToken cancellationToken)
    {
        var result = await JaegerJson.GetAsync(backend.Query,
            $"api/traces?service={service}&tags={Uri.EscapeDataString(tags)}&minDuration={minDuration}&lookback=1h&limit=20").WaitAsync(cancellationToken);
        return [.. result.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceID").GetString())];
    }

    /// <summary>Templates were installed before the first write; spans and services went to the indices of the start date.</summary>
    private static void AssertJaegerLayout(ElasticsearchBackend backend, TwoServiceTrace trace, string frontend)
    {
        var requests = backend.ClusterRequests;
        var firstBulk = requests.ToList().FindIndex(r => r.Path == "/_bulk");
        Assert.True(firstBulk > 0, "no _bulk request was recorded");
        var templates = requests.Take(firstBulk).Where(r => r.Method == "PUT" && r.Path.StartsWith("/_index_template/", StringComparison.Ordinal))
            .Select(r => r.Path).ToList();
        Assert.Equal(["/_index_template/jaeger-dependencies", "/_index_template/jaeger-service", "/_index_template/jaeger-span"], templates.Order(StringComparer.Ordinal));

        var day = trace.RootStart.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var documents = backend.BulkDocuments();
        var spans = documents.Where(d => d.Document.TryGetProperty("traceID", out var id) && id.GetString() == trace.TraceId).ToList();
        Assert.Equal(3, spans.Count);
        Assert.All(spans, s => Assert.Equal($"jaeger-span-{day}", s.Index));
        var serviceDocs = documents.Where(d => d.Index.StartsWith("jaeger-service-", StringComparison.Ordinal)).ToList();
        Assert.Contains(serviceDocs, d => d.Index == $"jaeger-service-{day}"
            && d.Document.GetProperty("serviceName").GetString() == frontend
            && d.Document.GetProperty("operationName").GetString() == TwoServiceTrace.RootOperation);
    }
}
