using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Model;
using TraceBackend.Otlp;
using TraceBackend.Query.Json;
using TraceBackend.Query.Tests.Support;
using OtlpTrace = OpenTelemetry.Proto.Trace.V1;
using StatusCode = Grpc.Core.StatusCode;
using V3 = Jaeger.ApiV3;

namespace TraceBackend.Query.Tests.Grpc;

public sealed class ApiV3QueryServiceTests(GrpcQueryFixture fixture) : IClassFixture<GrpcQueryFixture>
{
    private V3.QueryService.QueryServiceClient Client => new(fixture.Server.Channel);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private V3.TraceQueryParameters Window(string? service = null) => new()
    {
        ServiceName = service ?? "",
        StartTimeMin = Timestamp.FromDateTimeOffset(fixture.Now.AddDays(-4)),
        StartTimeMax = Timestamp.FromDateTimeOffset(fixture.Now.AddMinutes(1)),
    };

    [Fact]
    public async Task GetTrace_equals_the_http_v3_result()
    {
        foreach (var id in new[] { GrpcQueryFixture.TraceA, GrpcQueryFixture.TraceBig })
        {
            foreach (var raw in new[] { false, true })
            {
                var messages = await ApiV2QueryServiceTests.ReadAllAsync(Client.GetTrace(new V3.GetTraceRequest { TraceId = id.ToHex32(), RawTraces = raw }, cancellationToken: Token));
                var message = Assert.Single(messages);
                var response = await fixture.Server.Http.GetAsync($"/api/v3/traces/{id.ToHex32()}?raw_traces={(raw ? "true" : "false")}", Token);
                Assert.True(response.IsSuccessStatusCode);
                var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("result").GetRawText();
                Assert.Equal(RenderHttp(result), RenderGrpc(message));
            }
        }
    }

    [Fact]
    public async Task GetTrace_carries_warnings_events_links_and_status()
    {
        var message = Assert.Single(await ApiV2QueryServiceTests.ReadAllAsync(Client.GetTrace(
            new V3.GetTraceRequest { TraceId = GrpcQueryFixture.TraceA.ToHex32(), RawTraces = true }, cancellationToken: Token)));
        Assert.Equal(2, message.ResourceSpans.Count);
        var root = message.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Single(s => s.Name == "HTTP GET /dispatch");
        Assert.Equal(0x301u, root.Flags);
        Assert.Equal("k=v", root.TraceState);
        Assert.Equal(OtlpTrace.Span.Types.SpanKind.Server, root.Kind);
        Assert.Equal(OtlpTrace.Status.Types.StatusCode.Ok, root.Status.Code);
        Assert.Equal(fixture.StartA + 123, root.StartTimeUnixNano);
        var warnings = root.Attributes.Last();
        Assert.Equal(OtlpJsonWriter.WarningsAttribute, warnings.Key);
        Assert.Equal(["clock skew adjusted"], warnings.Value.ArrayValue.Values.Select(v => v.StringValue));
        Assert.Equal(long.MaxValue, root.Attributes.Single(a => a.Key == "big.number").Value.IntValue);
        Assert.Equal("cache miss", root.Events.Single().Name);
        Assert.Equal(GrpcQueryFixture.TraceC.ToBytes(), root.Links.Single().TraceId.ToByteArray());
        Assert.Equal(2u, root.DroppedEventsCount);
        var scope = message.ResourceSpans.SelectMany(r => r.ScopeSpans).Single(s => s.Spans.Contains(root)).Scope;
        Assert.Equal(("net/http", "1.2.0"), (scope.Name, scope.Version));
    }

    [Fact]
    public async Task A_trace_larger_than_the_message_limit_is_split_over_several_messages()
    {
        var store = new ListTraceStore();
        var id = new TraceId(0xABC, 0xDEF);
        var resource = TestSpans.Resource("huge");
        var padding = new string('x', 10_000);
        var start = Storage.UnixTime.ToNanos(fixture.Now.AddHours(-1));
        await store.WriteAsync(
            [.. Enumerable.Range(1, 300).Select(i => TestSpans.Span(id, (ulong)i, resource, name: "op" + i, startNanos: start + (ulong)i, attributes: [TestSpans.Str("pad", padding)]))],
            Token);
        await using var server = await GrpcQueryServer.StartAsync(store);
        var client = new V3.QueryService.QueryServiceClient(server.Channel);
        var messages = await ApiV2QueryServiceTests.ReadAllAsync(client.GetTrace(new V3.GetTraceRequest { TraceId = id.ToHex32(), RawTraces = true }, cancellationToken: Token));
        Assert.True(messages.Count >= 3, $"expected the ~3 MB trace in several messages, got {messages.Count}");
        Assert.All(messages, m => Assert.True(m.CalculateSize() <= Query.Grpc.JaegerApiV3QueryService.MaxTracesDataBytes));
        Assert.Equal(
            Enumerable.Range(1, 300).Select(i => "op" + i),
            messages.SelectMany(m => m.ResourceSpans).SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name));
    }

    [Fact]
    public async Task GetTrace_errors()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => ApiV2QueryServiceTests.ReadAllAsync(Client.GetTrace(
            new V3.GetTraceRequest { TraceId = new TraceId(9, 9).ToHex32() }, cancellationToken: Token)));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("trace not found", unknown.Status.Detail);

        var bad = await Assert.ThrowsAsync<RpcException>(() => ApiV2QueryServiceTests.ReadAllAsync(Client.GetTrace(
            new V3.GetTraceRequest { TraceId = "xyz" }, cancellationToken: Token)));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.StartsWith("malformed parameter trace_id: ", bad.Status.Detail);
    }

    [Fact]
    public async Task FindTraces_streams_one_trace_per_message_newest_first()
    {
        var messages = await ApiV2QueryServiceTests.ReadAllAsync(Client.FindTraces(new V3.FindTracesRequest { Query = Window("frontend") }, cancellationToken: Token));
        Assert.Equal(
            [GrpcQueryFixture.TraceA.ToHex32(), GrpcQueryFixture.TraceC.ToHex32()],
            messages.Select(m => Convert.ToHexStringLower(m.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.TraceId).Distinct().Single().Span)));

        var big = await ApiV2QueryServiceTests.ReadAllAsync(Client.FindTraces(new V3.FindTracesRequest { Query = Window("big") }, cancellationToken: Token));
        Assert.Equal(25, Assert.Single(big).ResourceSpans.Single().ScopeSpans.Single().Spans.Count);

        // search_depth ≤ 0 → 100; larger ones are clamped.
        Assert.Equal(Storage.TraceQuery.DefaultSearchDepth, fixture.Store.Queries.Last().SearchDepth);
        var deep = Window("big");
        deep.SearchDepth = 100_000;
        await ApiV2QueryServiceTests.ReadAllAsync(Client.FindTraces(new V3.FindTracesRequest { Query = deep }, cancellationToken: Token));
        Assert.Equal(QueryOptions.DefaultMaxSearchDepth, fixture.Store.Queries.Last().SearchDepth);

        var filtered = Window("big");
        filtered.Attributes["index"] = "3";
        filtered.DurationMax = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        Assert.Single(await ApiV2QueryServiceTests.ReadAllAsync(Client.FindTraces(new V3.FindTracesRequest { Query = filtered }, cancellationToken: Token)));

        var none = Window("big");
        none.OperationName = "no such op";
        var ex = await Assert.ThrowsAsync<RpcException>(() => ApiV2QueryServiceTests.ReadAllAsync(Client.FindTraces(new V3.FindTracesRequest { Query = none }, cancellationToken: Token)));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("No traces found", ex.Status.Detail);
    }

    [Fact]
    public async Task FindTraces_and_summaries_reject_invalid_queries()
    {
        var noMax = Window("big");
        noMax.StartTimeMax = null;
        var goZeroMin = Window("big");
        goZeroMin.StartTimeMin = new Timestamp { Seconds = -62135596800 };
        var reversed = Window("big");
        (reversed.StartTimeMin, reversed.StartTimeMax) = (reversed.StartTimeMax, reversed.StartTimeMin);
        var withFilter = Window("big");
        withFilter.Filter = new Jaeger.Expression.V1.Call();
        var cases = new (V3.TraceQueryParameters? Query, string Message)[]
        {
            (null, "missing query"),
            (noMax, "start_time_min and start_time_max are required"),
            (goZeroMin, "start_time_min and start_time_max are required"),
            (reversed, "start_time_min must be before start_time_max"),
            (withFilter, "filter is not supported"),
        };
        foreach (var (query, message) in cases)
        {
            var find = await Assert.ThrowsAsync<RpcException>(() => ApiV2QueryServiceTests.ReadAllAsync(Client.FindTraces(new V3.FindTracesRequest { Query = query }, cancellationToken: Token)));
            Assert.Equal((StatusCode.InvalidArgument, message), (find.StatusCode, find.Status.Detail));
            var summaries = await Assert.ThrowsAsync<RpcException>(() => ApiV2QueryServiceTests.ReadAllAsync(Client.FindTraceSummaries(new V3.FindTraceSummariesRequest { Query = query }, cancellationToken: Token)));
            Assert.Equal((StatusCode.InvalidArgument, message), (summaries.StatusCode, summaries.Status.Detail));
        }
    }

    [Fact]
    public async Task FindTraceSummaries_returns_the_http_summaries()
    {
        var messages = await ApiV2QueryServiceTests.ReadAllAsync(Client.FindTraceSummaries(new V3.FindTraceSummariesRequest { Query = Window("frontend") }, cancellationToken: Token));
        var summaries = Assert.Single(messages).Summaries;
        Assert.Equal([GrpcQueryFixture.TraceA.ToHex32(), GrpcQueryFixture.TraceC.ToHex32()], summaries.Select(s => s.TraceId));
        var a = summaries[0];
        Assert.Equal(("frontend", "HTTP GET /dispatch", 3, 1, 0), (a.RootServiceName, a.RootOperationName, a.SpanCount, a.ErrorSpanCount, a.OrphanSpanCount));
        Assert.Equal(["driver:1:1", "frontend:2:0"], a.Services.Select(s => $"{s.Name}:{s.SpanCount}:{s.ErrorSpanCount}"));
        Assert.Equal(fixture.StartA + 123, a.MinStartTimeUnixNano);

        var min = Uri.EscapeDataString(fixture.Now.AddDays(-4).ToString("O"));
        var max = Uri.EscapeDataString(fixture.Now.AddMinutes(1).ToString("O"));
        var http = JsonDocument.Parse(await fixture.Server.Http.GetStringAsync(
            $"/api/v3/trace-summaries?query.service_name=frontend&query.start_time_min={min}&query.start_time_max={max}", Token)).RootElement;
        var httpA = http.GetProperty("summaries")[0];
        Assert.Equal(a.TraceId, httpA.GetProperty("traceId").GetString());
        Assert.Equal(a.MaxEndTimeUnixNano.ToString(System.Globalization.CultureInfo.InvariantCulture), httpA.GetProperty("maxEndTimeUnixNano").GetString());
        Assert.Equal(a.RootOperationName, httpA.GetProperty("rootOperationName").GetString());

        var none = Window("big");
        none.OperationName = "no such op";
        Assert.Empty(await ApiV2QueryServiceTests.ReadAllAsync(Client.FindTraceSummaries(new V3.FindTraceSummariesRequest { Query = none }, cancellationToken: Token)));
    }

    [Fact]
    public async Task GetServices_GetOperations_and_GetDependencies()
    {
        Assert.Equal(["big", "driver", "frontend"], (await Client.GetServicesAsync(new V3.GetServicesRequest(), cancellationToken: Token)).Services);

        var ops = await Client.GetOperationsAsync(new V3.GetOperationsRequest { Service = "big" }, cancellationToken: Token);
        Assert.Equal("step:internal", Assert.Single(ops.Operations.Select(o => o.Name + ":" + o.SpanKind)));
        var internalOps = await Client.GetOperationsAsync(new V3.GetOperationsRequest { Service = "big", SpanKind = "internal" }, cancellationToken: Token);
        Assert.Single(internalOps.Operations);
        var clients = await Client.GetOperationsAsync(new V3.GetOperationsRequest { Service = "frontend", SpanKind = "client" }, cancellationToken: Token);
        Assert.Equal("call driver:client", Assert.Single(clients.Operations.Select(o => o.Name + ":" + o.SpanKind)));

        var deps = await Client.GetDependenciesAsync(new V3.GetDependenciesRequest
        {
            StartTime = Timestamp.FromDateTimeOffset(fixture.Now.AddHours(-3)),
            EndTime = Timestamp.FromDateTimeOffset(fixture.Now),
        }, cancellationToken: Token);
        Assert.Contains(deps.Dependencies, d => d.Parent == "frontend" && d.Child == "driver" && d.CallCount == 1);

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await Client.GetDependenciesAsync(
            new V3.GetDependenciesRequest { EndTime = Timestamp.FromDateTimeOffset(fixture.Now) }, cancellationToken: Token));
        Assert.Equal((StatusCode.InvalidArgument, "start_time and end_time are required"), (missing.StatusCode, missing.Status.Detail));
        var reversed = await Assert.ThrowsAsync<RpcException>(async () => await Client.GetDependenciesAsync(new V3.GetDependenciesRequest
        {
            StartTime = Timestamp.FromDateTimeOffset(fixture.Now),
            EndTime = Timestamp.FromDateTimeOffset(fixture.Now.AddHours(-1)),
        }, cancellationToken: Token));
        Assert.Equal((StatusCode.InvalidArgument, "start_time must be before end_time"), (reversed.StatusCode, reversed.Status.Detail));
    }

    /// <summary>The HTTP v3 result decoded by the collector's OTLP/JSON decoder and rendered span by span.</summary>
    private static List<string> RenderHttp(string tracesDataJson)
    {
        var decoded = new OtlpJsonDecoder(new OtlpConverter()).Decode(Encoding.UTF8.GetBytes(tracesDataJson));
        Assert.Equal(0, decoded.RejectedSpans);
        return Render(decoded.Spans);
    }

    /// <summary>The gRPC message decoded by the collector's OTLP protobuf converter and rendered the same way.</summary>
    private static List<string> RenderGrpc(OtlpTrace.TracesData data)
    {
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(data.ResourceSpans);
        var decoded = new OtlpConverter().Convert(request);
        Assert.Equal(0, decoded.RejectedSpans);
        return Render(decoded.Spans);
    }

    private static List<string> Render(IReadOnlyList<Span> spans)
    {
        Assert.NotEmpty(spans);
        return [.. spans.Select(span =>
        {
            var json = JsonHelpers.RenderText(w => OtlpJsonWriter.WriteSpan(w, span));
            var resource = string.Join(';', span.Resource.Attributes.Select(kv => kv.Key + "=" + kv.Value.ToJson()));
            return $"{resource}|{span.Scope.Name}|{span.Scope.Version}|{json}";
        })];
    }
}
