using System.Net;
using System.Text;
using System.Text.Json;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// The requests Grafana's Jaeger data source sends (§1.11 of the compatibility reference), against the real host,
/// for a two-service trace posted as raw OTLP/JSON.
/// </summary>
public sealed class GrafanaRequestTests(BackendFixture backend) : IClassFixture<BackendFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Grafana_shaped_requests_work()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (frontend, backendService) = ($"grafana-front-{suffix}", $"grafana-back-{suffix}");
        var traceId = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var startNs = (now.ToUnixTimeMilliseconds() - 5_000) * 1_000_000;
        await PostTraceAsync(traceId, frontend, backendService, startNs);

        // Health check = services call.
        var services = await JaegerJson.GetAsync(backend.Query, "api/services");
        Assert.Contains(frontend, services.GetProperty("data").EnumerateArray().Select(e => e.GetString()));

        // Operations for the query editor.
        var operations = await JaegerJson.GetAsync(backend.Query, $"api/services/{Uri.EscapeDataString(backendService)}/operations");
        Assert.Equal(["SELECT"], operations.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToArray());

        // Search: µs start/end, tags JSON built from logfmt, durations as typed, limit.
        var startUs = (now.ToUnixTimeMilliseconds() - 3_600_000) * 1000;
        var endUs = (now.ToUnixTimeMilliseconds() + 60_000) * 1000;
        var tags = Uri.EscapeDataString("{\"db.system\":\"postgresql\"}");
        var search = await JaegerJson.GetAsync(backend.Query,
            $"api/traces?service={backendService}&operation=SELECT&tags={tags}&minDuration=1ms&maxDuration=1.5s&limit=20&start={startUs}&end={endUs}");
        var found = Assert.Single(search.GetProperty("data").EnumerateArray());
        Assert.Equal(2, found.GetProperty("spans").GetArrayLength());

        // Trace by ID with "traceIdTimeParams": start/end in milliseconds.
        var byId = await JaegerJson.GetAsync(backend.Query,
            $"api/traces/{traceId}?start={now.ToUnixTimeMilliseconds() - 3_600_000}&end={now.ToUnixTimeMilliseconds() + 60_000}");
        var trace = Assert.Single(byId.GetProperty("data").EnumerateArray());
        JaegerJson.AssertWellFormedTrace(trace);

        // Dependency graph: endTs and lookback in ms.
        var dependencies = await JaegerJson.GetAsync(backend.Query, $"api/dependencies?endTs={now.ToUnixTimeMilliseconds() + 60_000}&lookback=3600000");
        var link = dependencies.GetProperty("data").EnumerateArray().Single(l => l.GetProperty("parent").GetString() == frontend);
        Assert.Equal(backendService, link.GetProperty("child").GetString());
        Assert.Equal(1, link.GetProperty("callCount").GetInt64());

        // Experimental v3 mode: snake_case times, unencoded '+' arriving as a space.
        var v3Start = now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ss") + " 00:00";
        var v3End = now.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ss") + " 00:00";
        var v3 = await JaegerJson.GetAsync(backend.Query, $"api/v3/traces/{traceId}?start_time={v3Start}&end_time={v3End}");
        Assert.Equal(2, v3.GetProperty("result").GetProperty("resourceSpans").EnumerateArray()
            .Sum(r => r.GetProperty("scopeSpans").EnumerateArray().Sum(s => s.GetProperty("spans").GetArrayLength())));
        var v3Services = await JaegerJson.GetAsync(backend.Query, "api/v3/services");
        Assert.Contains(backendService, v3Services.GetProperty("services").EnumerateArray().Select(e => e.GetString()));

        // Unknown trace: 404 with the v1 error envelope Grafana reports.
        using var missing = await backend.Query.GetAsync("api/traces/0123456789abcdef0123456789abcdef", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("trace not found", error.GetProperty("errors")[0].GetProperty("msg").GetString());
    }

    private async Task PostTraceAsync(string traceId, string frontend, string backendService, long startNs)
    {
        var json = $$$"""
            {"resourceSpans":[
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{frontend}}}"}}]},
               "scopeSpans":[{"scope":{"name":"grafana-test"},"spans":[
                 {"traceId":"{{{traceId}}}","spanId":"1111111111111111","name":"GET /","kind":"SPAN_KIND_SERVER",
                  "startTimeUnixNano":"{{{startNs}}}","endTimeUnixNano":"{{{startNs + 50_000_000}}}"}]}]},
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"{{{backendService}}}"}}]},
               "scopeSpans":[{"scope":{"name":"grafana-test"},"spans":[
                 {"traceId":"{{{traceId}}}","spanId":"2222222222222222","parentSpanId":"1111111111111111","name":"SELECT","kind":3,
                  "startTimeUnixNano":{{{startNs + 1_000_000}}},"endTimeUnixNano":"{{{startNs + 21_000_000}}}",
                  "attributes":[{"key":"db.system","value":{"stringValue":"postgresql"}}]}]}]}]}
            """;
        using var http = new HttpClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(backend.OtlpHttpBase, "v1/traces"), content, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }
}
