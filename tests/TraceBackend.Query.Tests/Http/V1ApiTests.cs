using System.Text.Json;
using TraceBackend.Query.Tests.Support;

namespace TraceBackend.Query.Tests.Http;

public sealed class V1ApiTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    private static readonly string[] s_envelope = ["data", "total", "limit", "offset", "errors"];

    private QueryServer Server => fixture.Server;

    private static void AssertJsonSuccess(QueryServer.Reply reply)
    {
        Assert.True(reply.Status == 200, reply.Body);
        Assert.Equal("application/json", reply.ContentType?.MediaType);
        Assert.Equal(s_envelope, reply.Json.Names());
        Assert.Equal(0, reply.Json.GetProperty("limit").GetInt32());
        Assert.Equal(0, reply.Json.GetProperty("offset").GetInt32());
    }

    /// <summary>Asserts a Go <c>http.Error</c>-style v1 error: text/plain, JSON envelope + newline, code = status.</summary>
    internal static void AssertV1Error(QueryServer.Reply reply, int status, string message)
    {
        Assert.True(reply.Status == status, $"{reply.Status}: {reply.Body}");
        Assert.Equal("text/plain", reply.ContentType?.MediaType);
        Assert.EndsWith("}\n", reply.Body, StringComparison.Ordinal);
        Assert.Equal(
            $"{{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{{\"code\":{status},\"msg\":{JsonSerializer.Serialize(message, JsonHelpers.Relaxed)}}}]}}\n",
            reply.Body);
    }

    [Fact]
    public async Task Services_lists_sorted_names_with_total()
    {
        var reply = await Server.GetAsync("/api/services");
        AssertJsonSuccess(reply);
        Assert.Equal(["driver", "frontend", "svc/with/slash"], reply.Json.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, reply.Json.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, reply.Json.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task Service_operations_returns_distinct_names()
    {
        var reply = await Server.GetAsync("/api/services/frontend/operations");
        AssertJsonSuccess(reply);
        Assert.Equal(["HTTP GET /dispatch", "call driver", "old op"], reply.Json.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, reply.Json.GetProperty("total").GetInt32());

        var none = await Server.GetAsync("/api/services/nobody/operations");
        AssertJsonSuccess(none);
        Assert.Equal(JsonValueKind.Array, none.Json.GetProperty("data").ValueKind);
        Assert.Equal(0, none.Json.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Service_name_with_escaped_slash_is_unescaped()
    {
        var reply = await Server.GetAsync("/api/services/svc%2Fwith%2Fslash/operations");
        AssertJsonSuccess(reply);
        Assert.Equal(["op/x", "unkinded"], reply.Json.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Operations_with_span_kind()
    {
        var reply = await Server.GetAsync("/api/operations?service=frontend&spanKind=server");
        AssertJsonSuccess(reply);
        var data = reply.Json.GetProperty("data");
        Assert.Equal(["name", "spanKind"], data[0].Names());
        Assert.Equal(["HTTP GET /dispatch", "old op"], data.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.All(data.EnumerateArray(), e => Assert.Equal("server", e.GetProperty("spanKind").GetString()));
        Assert.Equal(2, reply.Json.GetProperty("total").GetInt32());

        var all = await Server.GetAsync("/api/operations?service=svc/with/slash");
        Assert.Equal(
            [("op/x", "server"), ("unkinded", "")],
            all.Json.GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("spanKind").GetString())));

        var bogus = await Server.GetAsync("/api/operations?service=frontend&spanKind=Server");
        Assert.Equal(0, bogus.Json.GetProperty("data").GetArrayLength());

        AssertV1Error(await Server.GetAsync("/api/operations"), 400, "parameter 'service' is required");
    }

    [Fact]
    public async Task Search_returns_full_adjusted_traces_newest_first()
    {
        var start = QueryApiFixture.Micros(fixture.StartB) - 1_000_000;
        var reply = await Server.GetAsync($"/api/traces?service=frontend&lookback=1h&limit=20&start={start}&end={QueryApiFixture.Micros(fixture.StartA) + 1_000_000}");
        AssertJsonSuccess(reply);
        var data = reply.Json.GetProperty("data");
        var trace = Assert.Single(data.EnumerateArray());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", trace.GetProperty("traceID").GetString());
        Assert.Equal(3, trace.GetProperty("spans").GetArrayLength());
        Assert.Equal(0, reply.Json.GetProperty("total").GetInt32());

        // Adjusted: the Zipkin-style shared span ID of the server half was replaced, and it became a child.
        var server = trace.GetProperty("spans").EnumerateArray().Single(s => s.GetProperty("operationName").GetString() == "FindNearest");
        Assert.Equal("0000000000000002", server.GetProperty("spanID").GetString());
        Assert.Equal("0000000000000005", server.GetProperty("references")[0].GetProperty("spanID").GetString());
        var processes = trace.GetProperty("processes");
        Assert.Equal("driver", processes.GetProperty(server.GetProperty("processID").GetString()!).GetProperty("serviceName").GetString());

        // Service-less search (the store supports it) sees both A and B in the default window, newest first.
        var all = await Server.GetAsync("/api/traces");
        Assert.Equal(
            ["4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"],
            all.Json.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("traceID").GetString()));
    }

    [Fact]
    public async Task Search_filters_by_tags_operation_duration_and_limit()
    {
        async Task<int> Count(string query) =>
            (await Server.GetAsync("/api/traces?" + query)).Json.GetProperty("data").GetArrayLength();

        var tags = Uri.EscapeDataString("{\"http.status_code\":\"500\",\"error\":\"true\"}");
        Assert.Equal(1, await Count("service=driver&tags=" + tags));
        Assert.Equal(0, await Count("service=driver&tags=" + Uri.EscapeDataString("{\"http.status_code\":\"200\"}")));
        Assert.Equal(1, await Count("service=driver&tag=error:true&tag=http.status_code:500"));
        Assert.Equal(1, await Count("service=frontend&operation=" + Uri.EscapeDataString("HTTP GET /dispatch")));
        Assert.Equal(0, await Count("service=frontend&operation=nope"));
        Assert.Equal(1, await Count("service=frontend&minDuration=250ms"));
        Assert.Equal(0, await Count("service=frontend&minDuration=1s"));
        Assert.Equal(0, await Count("service=frontend&maxDuration=100ms&minDuration=1ms"));
        Assert.Equal(1, await Count("service=driver&maxDuration=200ms&minDuration=100ms"));
        Assert.Equal(1, await Count("limit=1"));
        Assert.Equal(0, await Count("service=frontend&end=" + QueryApiFixture.Micros(fixture.StartC - 1)));
    }

    [Fact]
    public async Task Search_parameter_errors_are_400_with_jaeger_messages()
    {
        AssertV1Error(await Server.GetAsync("/api/traces?service=a&start=abc"), 400, "unable to parse param 'start': strconv.ParseInt: parsing \"abc\": invalid syntax");
        AssertV1Error(await Server.GetAsync("/api/traces?service=a&end=1.5"), 400, "unable to parse param 'end': strconv.ParseInt: parsing \"1.5\": invalid syntax");
        AssertV1Error(await Server.GetAsync("/api/traces?service=a&minDuration=5x"), 400, "unable to parse param 'minDuration': time: unknown unit \"x\" in duration \"5x\"");
        AssertV1Error(await Server.GetAsync("/api/traces?service=a&maxDuration=abc"), 400, "unable to parse param 'maxDuration': time: invalid duration \"abc\"");
        AssertV1Error(await Server.GetAsync("/api/traces?service=a&minDuration=2s&maxDuration=1s"), 400, "'maxDuration' should be greater than 'minDuration'");
        AssertV1Error(await Server.GetAsync("/api/traces?service=a&tag=novalue"), 400, "malformed 'tag' parameter, expecting key:value, received: novalue");
        AssertV1Error(
            await Server.GetAsync("/api/traces?service=a&tags=" + Uri.EscapeDataString("{\"http.status_code\":500}")),
            400,
            "malformed 'tags' parameter, cannot unmarshal JSON: json: cannot unmarshal number into Go value of type string");
        AssertV1Error(await Server.GetAsync("/api/traces?service=a&limit=x"), 400, "unable to parse param 'limit': strconv.ParseInt: parsing \"x\": invalid syntax");
        AssertV1Error(await Server.GetAsync("/api/traces?service=a&raw=yes"), 400, "unable to parse param 'raw': strconv.ParseBool: parsing \"yes\": invalid syntax");
        AssertV1Error(await Server.GetAsync("/api/traces?traceID=zz"), 400, "unable to parse param 'traceID': strconv.ParseUint: parsing \"zz\": invalid syntax");
    }

    [Fact]
    public async Task Multi_get_returns_found_traces_and_not_found_items()
    {
        var reply = await Server.GetAsync("/api/traces?traceID=4BF92F3577B34DA6A3CE929D0E0E4736&traceID=f067aa0ba902b7&traceID=abcdef&service=ignored&operation=ignored");
        Assert.Equal(200, reply.Status);
        var data = reply.Json.GetProperty("data");
        Assert.Equal(
            ["4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"],
            data.EnumerateArray().Select(t => t.GetProperty("traceID").GetString()));
        var error = Assert.Single(reply.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal(["msg", "traceID"], error.Names());
        Assert.Equal("trace not found", error.GetProperty("msg").GetString());
        Assert.Equal("abcdef", error.GetProperty("traceID").GetString());

        // Trace C is older than the default window: multi-get must still find it.
        var old = await Server.GetAsync("/api/traces?traceID=00000000000011110000000000002222");
        Assert.Equal(1, old.Json.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, old.Json.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task Trace_by_id_returns_exactly_one_trace()
    {
        var reply = await Server.GetAsync("/api/traces/4bf92f3577b34da6a3ce929d0e0e4736");
        AssertJsonSuccess(reply);
        var trace = Assert.Single(reply.Json.GetProperty("data").EnumerateArray());
        Assert.Equal(["traceID", "spans", "processes", "warnings"], trace.Names());
        var span = trace.GetProperty("spans")[0];
        Assert.Equal(JsonValueKind.Number, span.GetProperty("startTime").ValueKind);
        Assert.Equal(QueryApiFixture.Micros(fixture.StartA), span.GetProperty("startTime").GetInt64());
        Assert.Equal(300_000, span.GetProperty("duration").GetInt64());
        Assert.Equal("otel.scope.name", span.GetProperty("tags")[0].GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, reply.Json.GetProperty("errors").ValueKind);

        var small = await Server.GetAsync("/api/traces/f067aa0ba902b7");
        Assert.Equal("00f067aa0ba902b7", small.Json.GetProperty("data")[0].GetProperty("traceID").GetString());
    }

    [Fact]
    public async Task Trace_by_id_errors()
    {
        AssertV1Error(await Server.GetAsync("/api/traces/123456789abcdef"), 404, "trace not found");
        AssertV1Error(await Server.GetAsync("/api/traces/0"), 404, "trace not found");
        AssertV1Error(await Server.GetAsync("/api/traces/not-hex!"), 400, "strconv.ParseUint: parsing \"not-hex!\": invalid syntax");
        AssertV1Error(await Server.GetAsync("/api/traces/4bf92f3577b34da6a3ce929d0e0e4736?start=x"), 400, "unable to parse param 'start': strconv.ParseInt: parsing \"x\": invalid syntax");
    }

    [Fact]
    public async Task Raw_skips_adjusters()
    {
        var adjusted = await Server.GetAsync("/api/traces/4bf92f3577b34da6a3ce929d0e0e4736");
        var raw = await Server.GetAsync("/api/traces/4bf92f3577b34da6a3ce929d0e0e4736?raw=true");
        static int Fives(QueryServer.Reply r) => r.Json.GetProperty("data")[0].GetProperty("spans").EnumerateArray()
            .Count(s => s.GetProperty("spanID").GetString() == "0000000000000005");
        Assert.Equal(1, Fives(adjusted));
        Assert.Equal(2, Fives(raw));
    }

    [Fact]
    public async Task Pretty_print_indents_with_four_spaces()
    {
        var pretty = await Server.GetAsync("/api/services?prettyPrint=true");
        Assert.StartsWith("{\n    \"data\": [\n        \"driver\"", pretty.Body.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var compact = await Server.GetAsync("/api/services?prettyPrint=false");
        Assert.StartsWith("{\"data\":[\"driver\"", compact.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grafana_millisecond_hints_find_the_trace()
    {
        var ms = fixture.Now.ToUnixTimeMilliseconds();
        var reply = await Server.GetAsync($"/api/traces/00000000000011110000000000002222?start={ms - 3_600_000}&end={ms}");
        Assert.Equal(200, reply.Status);
        Assert.Equal("old op", reply.Json.GetProperty("data")[0].GetProperty("spans")[0].GetProperty("operationName").GetString());

        lock (fixture.Store)
        {
            var hinted = fixture.Store.GetRequests.Where(r => r.TraceId == QueryApiFixture.TraceC && r.StartTime is not null).ToList();
            Assert.Contains(hinted, r => Math.Abs((r.StartTime!.Value - fixture.Now.AddHours(-1)).TotalSeconds) < 1);
            Assert.Contains(fixture.Store.GetRequests, r => r.TraceId == QueryApiFixture.TraceC && r.StartTime is null);
        }
    }

    [Fact]
    public async Task Dependencies_with_defaults_and_service_filter()
    {
        var reply = await Server.GetAsync("/api/dependencies");
        AssertJsonSuccess(reply);
        var links = reply.Json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["parent", "child", "callCount"], links[0].Names());
        Assert.Contains(links, l => l.GetProperty("parent").GetString() == "frontend" && l.GetProperty("child").GetString() == "driver" && l.GetProperty("callCount").GetInt64() == 1);
        Assert.Equal(JsonValueKind.Number, links[0].GetProperty("callCount").ValueKind);
        Assert.Equal(3, links.Count);

        var filtered = await Server.GetAsync($"/api/dependencies?service=driver&endTs={fixture.Now.ToUnixTimeMilliseconds()}&lookback=604800000");
        var only = Assert.Single(filtered.Json.GetProperty("data").EnumerateArray());
        Assert.Equal("driver", only.GetProperty("child").GetString());

        var none = await Server.GetAsync($"/api/dependencies?endTs={fixture.Now.AddDays(-10).ToUnixTimeMilliseconds()}&lookback=1000");
        Assert.Equal(0, none.Json.GetProperty("data").GetArrayLength());

        AssertV1Error(await Server.GetAsync("/api/dependencies?endTs=now"), 400, "unable to parse param 'endTs': strconv.ParseInt: parsing \"now\": invalid syntax");
        AssertV1Error(await Server.GetAsync("/api/dependencies?lookback=1h"), 400, "unable to parse param 'lookback': strconv.ParseInt: parsing \"1h\": invalid syntax");
    }

    [Theory]
    [InlineData("/api/metrics/latencies?service=a&quantile=0.95")]
    [InlineData("/api/metrics/calls?service=a")]
    [InlineData("/api/metrics/errors?service=a")]
    [InlineData("/api/metrics/minstep")]
    public async Task Metrics_are_not_implemented(string path)
    {
        AssertV1Error(await Server.GetAsync(path), 501, "trace metrics are currently disabled - no metrics backend configured");
    }

    [Fact]
    public async Task Archive_is_not_configured()
    {
        AssertV1Error(await Server.PostAsync("/api/archive/4bf92f3577b34da6a3ce929d0e0e4736"), 500, "archive span storage was not configured");
        AssertV1Error(await Server.PostAsync("/api/archive/xyz!"), 400, "strconv.ParseUint: parsing \"xyz!\": invalid syntax");
    }

    [Theory]
    [InlineData("/api/nope")]
    [InlineData("/api")]
    [InlineData("/api/")]
    [InlineData("/api/traces/a/b")]
    [InlineData("/api/v3/nope")]
    [InlineData("/api/v3/traces/a/b")]
    [InlineData("/api/quality-metrics")]
    public async Task Unknown_api_paths_are_plain_404(string path)
    {
        var reply = await Server.GetAsync(path);
        Assert.Equal(404, reply.Status);
        Assert.Equal("text/plain", reply.ContentType?.MediaType);
        Assert.Equal("404 page not found\n", reply.Body);
    }

    [Fact]
    public async Task Non_api_paths_fall_through_to_the_ui()
    {
        var reply = await Server.GetAsync("/search");
        Assert.Equal("SPA", reply.Body);
    }
}
