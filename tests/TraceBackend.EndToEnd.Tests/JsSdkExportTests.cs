using System.Text.Json;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// Spans exported by the real OpenTelemetry JS SDK with its OTLP/HTTP JSON exporter (npm, run with node) come back
/// from the Jaeger API. The npm packages are installed from tests/js/package-lock.json by scripts/test.sh.
/// </summary>
public sealed class JsSdkExportTests(BackendFixture backend) : IClassFixture<BackendFixture>
{
    [Fact]
    public async Task Otlp_json_export_from_the_js_sdk_comes_back_typed()
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.JsClients, "node_modules", "@opentelemetry", "exporter-trace-otlp-http")))
        {
            Assert.Fail("tests/js/node_modules is missing: run scripts/test.sh (it runs `npm ci` in tests/js) before the tests");
        }

        var service = "js-" + Guid.NewGuid().ToString("N")[..12];
        using var node = new ChildProcess("node", ["otlp-http-json-export.mjs", new Uri(backend.OtlpHttpBase, "v1/traces").ToString(), service], RepoPaths.JsClients);
        Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(60)), "node did not finish");
        Assert.True(node.ExitCode == 0, $"node failed ({node.ExitCode}): {node.Stderr}");
        var ids = JsonDocument.Parse(node.Stdout.Trim()).RootElement;
        var traceId = ids.GetProperty("traceId").GetString()!;

        var document = await JaegerJson.GetAsync(backend.Query, $"api/traces/{traceId}");
        var trace = Assert.Single(document.GetProperty("data").EnumerateArray());
        JaegerJson.AssertWellFormedTrace(trace);
        Assert.Equal(2, trace.GetProperty("spans").GetArrayLength());

        var root = JaegerJson.SpanByName(trace, "GET /checkout");
        Assert.Equal(ids.GetProperty("rootSpanId").GetString(), root.GetProperty("spanID").GetString());
        var tags = root.GetProperty("tags");
        Assert.Equal("int64", JaegerJson.Tag(tags, "http.response.status_code").GetProperty("type").GetString());
        Assert.Equal(200, JaegerJson.Tag(tags, "http.response.status_code").GetProperty("value").GetInt64());
        Assert.Equal("float64", JaegerJson.Tag(tags, "sampled.ratio").GetProperty("type").GetString());
        Assert.Equal("bool", JaegerJson.Tag(tags, "cache.hit").GetProperty("type").GetString());
        Assert.False(JaegerJson.Tag(tags, "cache.hit").GetProperty("value").GetBoolean());
        Assert.Equal("[\"a\",\"b\"]", JaegerJson.Tag(tags, "tags.list").GetProperty("value").GetString());
        Assert.Equal("js-e2e", JaegerJson.Tag(tags, "otel.scope.name").GetProperty("value").GetString());
        Assert.Equal("server", JaegerJson.Tag(tags, "span.kind").GetProperty("value").GetString());

        var process = trace.GetProperty("processes").GetProperty(root.GetProperty("processID").GetString()!);
        Assert.Equal(service, process.GetProperty("serviceName").GetString());
        Assert.Equal(3, JaegerJson.Tag(process.GetProperty("tags"), "deployment.count").GetProperty("value").GetInt64());

        var child = JaegerJson.SpanByName(trace, "SELECT orders");
        Assert.Equal(ids.GetProperty("childSpanId").GetString(), child.GetProperty("spanID").GetString());
        Assert.Equal(ids.GetProperty("rootSpanId").GetString(), child.GetProperty("references")[0].GetProperty("spanID").GetString());
        Assert.True(JaegerJson.Tag(child.GetProperty("tags"), "error").GetProperty("value").GetBoolean());
        Assert.Equal("deadlock detected", JaegerJson.Tag(child.GetProperty("tags"), "otel.status_description").GetProperty("value").GetString());
        var log = Assert.Single(child.GetProperty("logs").EnumerateArray());
        Assert.Equal("retry", JaegerJson.Tag(log.GetProperty("fields"), "event").GetProperty("value").GetString());
        Assert.Equal(2, JaegerJson.Tag(log.GetProperty("fields"), "attempt").GetProperty("value").GetInt64());

        var search = await JaegerJson.GetAsync(backend.Query, $"api/traces?service={service}&operation={Uri.EscapeDataString("SELECT orders")}");
        Assert.Single(search.GetProperty("data").EnumerateArray());
    }
}
