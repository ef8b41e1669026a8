using System.Text.Json;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// A trace recorded by the real npm <c>zipkin</c> Tracer and BatchRecorder and POSTed by <c>zipkin-transport-http</c>'s
/// HttpLogger (JSON v2, node-fetch) to <c>/api/v2/spans</c> comes back from the Jaeger API. The npm packages are
/// installed from tests/js/package-lock.json by scripts/test.sh.
/// </summary>
public sealed class ZipkinClientTests(BackendFixture backend) : IClassFixture<BackendFixture>
{
    [Fact]
    public async Task Trace_from_the_zipkin_js_http_transport_comes_back()
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.JsClients, "node_modules", "zipkin-transport-http")))
        {
            Assert.Fail("tests/js/node_modules/zipkin-transport-http is missing: run scripts/test.sh (it runs `npm ci` in tests/js) before the tests");
        }

        var service = "zk-" + Guid.NewGuid().ToString("N")[..12];
        var endpoint = new Uri(backend.ZipkinBase, "api/v2/spans").ToString();
        using var node = new ChildProcess("node", ["zipkin-send.mjs", endpoint, service], RepoPaths.JsClients);
        Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(60)), "node did not finish");
        Assert.True(node.ExitCode == 0, $"node failed ({node.ExitCode}): {node.Stderr}");
        var ids = JsonDocument.Parse(node.Stdout.Trim()).RootElement;
        var traceId = ids.GetProperty("traceId").GetString()!;
        Assert.Equal(32, traceId.Length);

        var document = await JaegerJson.GetAsync(backend.Query, $"api/traces/{traceId}");
        var trace = Assert.Single(document.GetProperty("data").EnumerateArray());
        JaegerJson.AssertWellFormedTrace(trace);
        Assert.Equal(traceId, trace.GetProperty("traceID").GetString());
        Assert.Equal(2, trace.GetProperty("spans").GetArrayLength());

        // zipkin-js's JSON v2 encoder lower-cases span names.
        var root = JaegerJson.SpanByName(trace, "get /checkout");
        Assert.Equal(ids.GetProperty("rootSpanId").GetString(), root.GetProperty("spanID").GetString());
        Assert.Empty(root.GetProperty("references").EnumerateArray());
        var rootTags = root.GetProperty("tags");
        Assert.Equal("server", JaegerJson.Tag(rootTags, "span.kind").GetProperty("value").GetString());
        Assert.Equal("GET", JaegerJson.Tag(rootTags, "http.method").GetProperty("value").GetString());
        Assert.Equal(service, trace.GetProperty("processes").GetProperty(root.GetProperty("processID").GetString()!).GetProperty("serviceName").GetString());

        var child = JaegerJson.SpanByName(trace, "select orders");
        Assert.Equal(ids.GetProperty("childSpanId").GetString(), child.GetProperty("spanID").GetString());
        var reference = Assert.Single(child.GetProperty("references").EnumerateArray());
        Assert.Equal("CHILD_OF", reference.GetProperty("refType").GetString());
        Assert.Equal(root.GetProperty("spanID").GetString(), reference.GetProperty("spanID").GetString());
        var childTags = child.GetProperty("tags");
        Assert.Equal("client", JaegerJson.Tag(childTags, "span.kind").GetProperty("value").GetString());
        Assert.Equal("SELECT * FROM orders", JaegerJson.Tag(childTags, "db.statement").GetProperty("value").GetString());
        Assert.Equal(service, trace.GetProperty("processes").GetProperty(child.GetProperty("processID").GetString()!).GetProperty("serviceName").GetString());
    }
}
