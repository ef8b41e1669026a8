using System.Text.Json;
using TraceBackend.Host.Listeners;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// Spans sent by the real npm <c>jaeger-client</c> (run with node) come back from the Jaeger API: one trace over UDP
/// to the agent's binary-protocol port (node clients send binary Thrift <c>emitBatch</c>, Jaeger's 6832) and one
/// POSTed by its HTTPSender to <c>/api/traces</c> (Jaeger's 14268). Installed from tests/js/package-lock.json by scripts/test.sh.
/// </summary>
public sealed class JaegerClientThriftTests(BackendFixture backend) : IClassFixture<BackendFixture>
{
    [Fact]
    public async Task Udp_and_http_traces_from_node_jaeger_client_come_back()
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.JsClients, "node_modules", "jaeger-client")))
        {
            Assert.Fail("tests/js/node_modules/jaeger-client is missing: run scripts/test.sh (it runs `npm ci` in tests/js) before the tests");
        }

        var service = "jc-" + Guid.NewGuid().ToString("N")[..12];
        var udpPort = backend.App.Endpoints[ListenerNames.JaegerAgentBinary].Port;
        var collector = new Uri(backend.Url(ListenerNames.JaegerThriftHttp), "api/traces").ToString();
        using var node = new ChildProcess("node", ["jaeger-client-send.mjs", "127.0.0.1", udpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), collector, service], RepoPaths.JsClients);
        Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(60)), "node did not finish");
        Assert.True(node.ExitCode == 0, $"node failed ({node.ExitCode}): {node.Stderr}");
        var ids = JsonDocument.Parse(node.Stdout.Trim()).RootElement;

        await AssertTraceAsync(ids.GetProperty("udpTraceId").GetString()!, ids.GetProperty("udpRootSpanId").GetString()!, service + "-udp", "GET /udp");
        await AssertTraceAsync(ids.GetProperty("httpTraceId").GetString()!, ids.GetProperty("httpRootSpanId").GetString()!, service + "-http", "GET /http");
    }

    private async Task AssertTraceAsync(string traceId, string rootSpanId, string service, string rootName)
    {
        // UDP has no acknowledgement: poll until both spans are stored.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement trace;
        while (true)
        {
            using var response = await backend.Query.GetAsync($"api/traces/{traceId}", TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
                trace = Assert.Single(document.GetProperty("data").EnumerateArray());
                if (trace.GetProperty("spans").GetArrayLength() == 2)
                {
                    break;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"trace {traceId} ({service}) did not arrive with 2 spans within 15 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        JaegerJson.AssertWellFormedTrace(trace);
        var root = JaegerJson.SpanByName(trace, rootName);
        Assert.Equal(rootSpanId.PadLeft(16, '0'), root.GetProperty("spanID").GetString());
        var tags = root.GetProperty("tags");
        Assert.Equal(200, JaegerJson.Tag(tags, "http.status_code").GetProperty("value").GetInt64());
        Assert.False(JaegerJson.Tag(tags, "cache.hit").GetProperty("value").GetBoolean());
        Assert.Equal("server", JaegerJson.Tag(tags, "span.kind").GetProperty("value").GetString());
        var process = trace.GetProperty("processes").GetProperty(root.GetProperty("processID").GetString()!);
        Assert.Equal(service, process.GetProperty("serviceName").GetString());

        var child = JaegerJson.SpanByName(trace, "SELECT orders");
        Assert.Equal(root.GetProperty("spanID").GetString(), child.GetProperty("references")[0].GetProperty("spanID").GetString());
        Assert.True(JaegerJson.Tag(child.GetProperty("tags"), "error").GetProperty("value").GetBoolean());
        var log = Assert.Single(child.GetProperty("logs").EnumerateArray());
        Assert.Equal("retry", JaegerJson.Tag(log.GetProperty("fields"), "event").GetProperty("value").GetString());
    }
}
