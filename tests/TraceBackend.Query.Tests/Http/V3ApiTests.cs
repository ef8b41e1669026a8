using System.Text.Json;
using TraceBackend.Query.Tests.Support;

namespace TraceBackend.Query.Tests.Http;

public sealed class V3ApiTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    private QueryServer Server => fixture.Server;

    private string Window(string min = "query.startTimeMin", string max = "query.startTimeMax") =>
        $"{min}={Uri.EscapeDataString(fixture.Now.AddHours(-3).ToString("O"))}&{max}={Uri.EscapeDataString(fixture.Now.ToString("O"))}";

    internal static void AssertV3Error(QueryServer.Reply reply, int status, string message)
    {
        Assert.True(reply.Status == status, $"{reply.Status}: {reply.Body}");
        Assert.Equal($"{{\"error\":{{\"httpCode\":{status},\"message\":{JsonSerializer.Serialize(message, JsonHelpers.Relaxed)}}}}}\n", reply.Body);
    }

    [Fact]
    public async Task Services()
    {
        var reply = await Server.GetAsync("/api/v3/services");
        Assert.Equal(200, reply.Status);
        Assert.Equal("application/json", reply.ContentType?.MediaType);
        Assert.Equal(["services"], reply.Json.Names());
        Assert.Equal(["driver", "frontend", "svc/with/slash"], reply.Json.GetProperty("services").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Operations_always_have_name_and_span_kind()
    {
        var reply = await Server.GetAsync("/api/v3/operations?service=svc/with/slash");
        Assert.Equal(
            [("op/x", "server"), ("unkinded", "internal")],
            reply.Json.GetProperty("operations").EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("spanKind").GetString())));

        var server = await Server.GetAsync("/api/v3/operations?service=frontend&span_kind=client");
        Assert.Equal(["call driver"], server.Json.GetProperty("operations").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        var camelWins = await Server.GetAsync("/api/v3/operations?service=frontend&spanKind=client&span_kind=server");
        Assert.Equal(["call driver"], camelWins.Json.GetProperty("operations").EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        var none = await Server.GetAsync("/api/v3/operations?service=nobody");
        Assert.Equal("{\"operations\":[]}", none.Body);
    }

    [Fact]
    public async Task Trace_by_id_is_otlp_json()
    {
        var reply = await Server.GetAsync("/api/v3/traces/00f067aa0ba902b7");
        Assert.Equal(200, reply.Status);
        var resourceSpans = reply.Json.GetProperty("result").GetProperty("resourceSpans");
        var rs = Assert.Single(resourceSpans.EnumerateArray());
        var attr = rs.GetProperty("resource").GetProperty("attributes")[0];
        Assert.Equal("service.name", attr.GetProperty("key").GetString());
        Assert.Equal("svc/with/slash", attr.GetProperty("value").GetProperty("stringValue").GetString());
        var spans = rs.GetProperty("scopeSpans")[0].GetProperty("spans");
        Assert.Equal(2, spans.GetArrayLength());
        Assert.Equal("000000000000000000f067aa0ba902b7", spans[0].GetProperty("traceId").GetString());
        Assert.Equal(2, spans[0].GetProperty("kind").GetInt32());
        Assert.Equal(JsonValueKind.String, spans[0].GetProperty("startTimeUnixNano").ValueKind);
        Assert.Equal("0000000000000010", spans[1].GetProperty("parentSpanId").GetString());

        var timed = await Server.GetAsync($"/api/v3/traces/00f067aa0ba902b7?start_time={fixture.Now.AddMinutes(-1):yyyy-MM-ddTHH:mm:ss}Z&end_time={fixture.Now:yyyy-MM-ddTHH:mm:ss.fffffff}Z&raw_traces=true");
        Assert.Equal(200, timed.Status);
    }

    [Fact]
    public async Task Trace_by_id_errors()
    {
        AssertV3Error(await Server.GetAsync("/api/v3/traces/123456789abcdef"), 404, "trace not found");
        AssertV3Error(await Server.GetAsync("/api/v3/traces/xyz!"), 400, "malformed parameter trace_id: strconv.ParseUint: parsing \"xyz!\": invalid syntax");
        var bad = await Server.GetAsync("/api/v3/traces/00f067aa0ba902b7?startTime=yesterday");
        Assert.Equal(400, bad.Status);
        Assert.StartsWith("malformed parameter startTime: parsing time \"yesterday\"", bad.Json.GetProperty("error").GetProperty("message").GetString());
        AssertV3Error(await Server.GetAsync("/api/v3/traces/00f067aa0ba902b7?raw_traces=maybe"), 400, "malformed parameter raw_traces: strconv.ParseBool: parsing \"maybe\": invalid syntax");
    }

    [Fact]
    public async Task Search_merges_matching_traces_into_one_result()
    {
        var reply = await Server.GetAsync("/api/v3/traces?" + Window());
        Assert.Equal(200, reply.Status);
        var traceIds = reply.Json.GetProperty("result").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(rs => rs.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(ss => ss.GetProperty("spans").EnumerateArray())
            .Select(s => s.GetProperty("traceId").GetString())
            .Distinct();
        Assert.Equal(["4bf92f3577b34da6a3ce929d0e0e4736", "000000000000000000f067aa0ba902b7"], traceIds);

        var snake = await Server.GetAsync("/api/v3/traces?query.service_name=driver&query.num_traces=5&query.duration_min=100ms&" + Window("query.start_time_min", "query.start_time_max"));
        Assert.Equal(200, snake.Status);
        var camel = await Server.GetAsync("/api/v3/traces?query.serviceName=driver&query.searchDepth=5&query.attributes=" + Uri.EscapeDataString("{\"http.status_code\":\"500\"}") + "&" + Window());
        Assert.Equal(200, camel.Status);
    }

    [Fact]
    public async Task Search_with_no_match_is_404()
    {
        AssertV3Error(await Server.GetAsync("/api/v3/traces?query.serviceName=nobody&" + Window()), 404, "No traces found");
    }

    [Fact]
    public async Task Search_accepts_unencoded_plus_offsets_as_spaces()
    {
        var min = fixture.Now.AddHours(-3).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz");
        var max = fixture.Now.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz");
        Assert.Contains('+', min);
        var reply = await Server.GetAsync($"/api/v3/traces?query.service_name=frontend&query.start_time_min={min}&query.start_time_max={max}");
        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task Search_parameter_errors()
    {
        AssertV3Error(await Server.GetAsync("/api/v3/traces?query.serviceName=a"), 400, "query.startTimeMin and query.startTimeMax are required");
        AssertV3Error(await Server.GetAsync("/api/v3/traces?" + Window("query.startTimeMax", "query.startTimeMin")), 400, "query.startTimeMin must be before query.startTimeMax");
        AssertV3Error(await Server.GetAsync("/api/v3/traces?query.durationMin=1d&" + Window()), 400, "malformed parameter query.durationMin: time: unknown unit \"d\" in duration \"1d\"");
        AssertV3Error(await Server.GetAsync("/api/v3/traces?query.search_depth=x&" + Window()), 400, "malformed parameter query.search_depth: strconv.Atoi: parsing \"x\": invalid syntax");
        AssertV3Error(
            await Server.GetAsync("/api/v3/traces?query.attributes=" + Uri.EscapeDataString("{\"a\":true}") + "&" + Window()),
            400,
            "malformed parameter query.attributes: json: cannot unmarshal bool into Go value of type string");
        AssertV3Error(await Server.GetAsync("/api/v3/trace-summaries?query.serviceName=a"), 400, "query.startTimeMin and query.startTimeMax are required");
    }

    [Fact]
    public async Task Trace_summaries()
    {
        var reply = await Server.GetAsync("/api/v3/trace-summaries?query.serviceName=frontend&" + Window());
        Assert.Equal(200, reply.Status);
        var summary = Assert.Single(reply.Json.GetProperty("summaries").EnumerateArray());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", summary.GetProperty("traceId").GetString());
        Assert.Equal("frontend", summary.GetProperty("rootServiceName").GetString());
        Assert.Equal("HTTP GET /dispatch", summary.GetProperty("rootOperationName").GetString());
        Assert.Equal(fixture.StartA.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.GetProperty("minStartTimeUnixNano").GetString());
        Assert.Equal((fixture.StartA + 300_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture), summary.GetProperty("maxEndTimeUnixNano").GetString());
        Assert.Equal(3, summary.GetProperty("spanCount").GetInt32());
        Assert.Equal(1, summary.GetProperty("errorSpanCount").GetInt32());
        Assert.Equal(0, summary.GetProperty("orphanSpanCount").GetInt32());
        Assert.Equal(["driver", "frontend"], summary.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var small = await Server.GetAsync("/api/v3/trace-summaries?query.serviceName=svc/with/slash&" + Window());
        Assert.Equal("000000000000000000f067aa0ba902b7", small.Json.GetProperty("summaries")[0].GetProperty("traceId").GetString());

        var none = await Server.GetAsync("/api/v3/trace-summaries?query.serviceName=nobody&" + Window());
        Assert.Equal(200, none.Status);
        Assert.Equal("{\"summaries\":[]}", none.Body);
    }

    [Fact]
    public async Task Dependencies()
    {
        var reply = await Server.GetAsync("/api/v3/dependencies?" + Window("startTime", "endTime"));
        Assert.Equal(200, reply.Status);
        var links = reply.Json.GetProperty("dependencies").EnumerateArray().ToList();
        Assert.Equal(3, links.Count);
        Assert.Equal(["parent", "child", "callCount"], links[0].Names());
        Assert.Equal(JsonValueKind.String, links[0].GetProperty("callCount").ValueKind);
        Assert.Contains(links, l => l.GetProperty("parent").GetString() == "frontend" && l.GetProperty("child").GetString() == "driver" && l.GetProperty("callCount").GetString() == "1");

        var snake = await Server.GetAsync("/api/v3/dependencies?" + Window("start_time", "end_time"));
        Assert.Equal(3, snake.Json.GetProperty("dependencies").GetArrayLength());

        AssertV3Error(await Server.GetAsync("/api/v3/dependencies"), 400, "startTime and endTime are required");
        AssertV3Error(await Server.GetAsync("/api/v3/dependencies?" + Window("endTime", "startTime")), 400, "startTime must be before endTime");
    }

    [Fact]
    public async Task Far_future_and_far_past_bounds_do_not_wrap()
    {
        // "9999-12-31T23:59:59Z" is a common "no upper limit"; it used to overflow Unix nanoseconds and wrap to 1795.
        var min = Uri.EscapeDataString(fixture.Now.AddHours(-3).ToString("O"));
        var search = await Server.GetAsync($"/api/v3/traces?query.serviceName=frontend&query.startTimeMin={min}&query.startTimeMax=9999-12-31T23:59:59Z");
        Assert.True(search.Status == 200, search.Body);

        var summaries = await Server.GetAsync(
            "/api/v3/trace-summaries?query.serviceName=frontend&query.start_time_min=0001-01-01T00:00:00%2B01:00&query.start_time_max=9999-12-31T23:59:59.999999999-05:00");
        Assert.True(summaries.Status == 200, summaries.Body);
        Assert.Equal(
            ["4bf92f3577b34da6a3ce929d0e0e4736", "00000000000011110000000000002222"],
            summaries.Json.GetProperty("summaries").EnumerateArray().Select(s => s.GetProperty("traceId").GetString()));

        var dependencies = await Server.GetAsync("/api/v3/dependencies?startTime=0001-01-01T00:00:00Z&endTime=9999-12-31T23:59:59Z");
        Assert.True(dependencies.Status == 200, dependencies.Body);
        Assert.Equal(3, dependencies.Json.GetProperty("dependencies").GetArrayLength());

        var trace = await Server.GetAsync("/api/v3/traces/00f067aa0ba902b7?startTime=2262-04-12T00:00:00Z&endTime=9999-12-31T23:59:59Z");
        Assert.Equal(200, trace.Status);
    }
}
