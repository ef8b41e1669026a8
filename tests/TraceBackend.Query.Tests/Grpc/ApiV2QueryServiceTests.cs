using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TraceBackend.Model;
using TraceBackend.Query.Grpc;
using TraceBackend.Query.Tests.Support;
using StatusCode = Grpc.Core.StatusCode;
using V2 = Jaeger.ApiV2;

namespace TraceBackend.Query.Tests.Grpc;

public sealed class ApiV2QueryServiceTests(GrpcQueryFixture fixture) : IClassFixture<GrpcQueryFixture>
{
    /// <summary>Go's zero <c>time.Time</c> as Go peers send it in non-nullable Timestamp fields.</summary>
    private static readonly Timestamp s_goZero = new() { Seconds = -62135596800 };

    private V2.QueryService.QueryServiceClient Client => new(fixture.Server.Channel);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetTrace_streams_a_25_span_trace_in_chunks_of_10_10_5()
    {
        var chunks = await ReadAllAsync(Client.GetTrace(new V2.GetTraceRequest { TraceId = Bytes(GrpcQueryFixture.TraceBig) }, cancellationToken: Token));
        Assert.Equal([10, 10, 5], chunks.Select(c => c.Spans.Count));
        var spans = chunks.SelectMany(c => c.Spans).ToList();
        Assert.Equal(25, spans.Select(s => s.SpanId).Distinct().Count());
        Assert.All(spans, s => Assert.Equal(Bytes(GrpcQueryFixture.TraceBig), s.TraceId));
        Assert.All(spans, s => Assert.Equal("big", s.Process.ServiceName));
    }

    [Fact]
    public async Task GetTrace_of_an_unknown_or_empty_id_is_NotFound_and_a_bad_length_is_InvalidArgument()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Client.GetTrace(
            new V2.GetTraceRequest { TraceId = Bytes(new TraceId(7, 7)) }, cancellationToken: Token)));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("trace not found", unknown.Status.Detail);

        var empty = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Client.GetTrace(new V2.GetTraceRequest(), cancellationToken: Token)));
        Assert.Equal(StatusCode.NotFound, empty.StatusCode);

        var bad = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Client.GetTrace(
            new V2.GetTraceRequest { TraceId = ByteString.CopyFrom(1, 2, 3) }, cancellationToken: Token)));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal("invalid trace_id: expected 8 or 16 bytes, got 3", bad.Status.Detail);
    }

    [Fact]
    public async Task GetTrace_accepts_8_byte_ids_go_zero_hints_and_hints_that_miss()
    {
        var shortId = ByteString.CopyFrom(Bytes(GrpcQueryFixture.TraceBig).Span[8..]);
        var chunks = await ReadAllAsync(Client.GetTrace(
            new V2.GetTraceRequest { TraceId = shortId, StartTime = s_goZero, EndTime = s_goZero }, cancellationToken: Token));
        Assert.Equal(25, chunks.Sum(c => c.Spans.Count));

        // A window that misses the trace is only a hint: the lookup is retried without it.
        var past = Timestamp.FromDateTimeOffset(fixture.Now.AddDays(-30));
        var hinted = await ReadAllAsync(Client.GetTrace(
            new V2.GetTraceRequest { TraceId = Bytes(GrpcQueryFixture.TraceA), StartTime = past, EndTime = past }, cancellationToken: Token));
        Assert.Equal(3, hinted.Sum(c => c.Spans.Count));
    }

    [Fact]
    public async Task GetTrace_applies_the_adjusters_unless_raw_traces()
    {
        var adjusted = (await ReadAllAsync(Client.GetTrace(new V2.GetTraceRequest { TraceId = Bytes(GrpcQueryFixture.TraceA) }, cancellationToken: Token)))
            .SelectMany(c => c.Spans).ToList();
        var server = adjusted.Single(s => s.OperationName == "FindNearest");
        Assert.Equal("0000000000000002", Hex(server.SpanId));
        Assert.Equal("0000000000000005", Hex(server.References[0].SpanId));

        var raw = (await ReadAllAsync(Client.GetTrace(new V2.GetTraceRequest { TraceId = Bytes(GrpcQueryFixture.TraceA), RawTraces = true }, cancellationToken: Token)))
            .SelectMany(c => c.Spans).ToList();
        Assert.Equal("0000000000000005", Hex(raw.Single(s => s.OperationName == "FindNearest").SpanId));
    }

    [Fact]
    public async Task GetTrace_carries_the_same_spans_and_tags_as_the_v1_json_trace()
    {
        foreach (var id in new[] { GrpcQueryFixture.TraceA, GrpcQueryFixture.TraceBig })
        {
            var response = await fixture.Server.Http.GetAsync($"/api/traces/{id.ToJaegerString()}", Token);
            Assert.True(response.IsSuccessStatusCode);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("data")[0];
            var processes = json.GetProperty("processes");
            var expected = json.GetProperty("spans").EnumerateArray().Select(s => RenderJsonSpan(s, processes)).ToList();

            var spans = (await ReadAllAsync(Client.GetTrace(new V2.GetTraceRequest { TraceId = Bytes(id) }, cancellationToken: Token)))
                .SelectMany(c => c.Spans).ToList();
            Assert.Equal(expected, spans.Select(RenderProtoSpan));
        }

        // The rich root span (raw: as stored) carries every mapped field (guards against both renderings being empty).
        var root = (await ReadAllAsync(Client.GetTrace(new V2.GetTraceRequest { TraceId = Bytes(GrpcQueryFixture.TraceA), RawTraces = true }, cancellationToken: Token)))
            .SelectMany(c => c.Spans).Single(s => s.OperationName == "HTTP GET /dispatch");
        Assert.Equal(1u, root.Flags);
        Assert.Equal(["otel.scope.name", "otel.scope.version", "http.method", "ratio", "cached", "blob", "list", "big.number", "span.kind", "otel.status_code", "w3c.tracestate", "otel.dropped_events_count"],
            root.Tags.Select(t => t.Key));
        Assert.Equal(long.MaxValue, root.Tags.Single(t => t.Key == "big.number").VInt64);
        Assert.Equal("[\"a\",2]", root.Tags.Single(t => t.Key == "list").VStr);
        Assert.Equal(["event", "key"], root.Logs.Single().Fields.Select(f => f.Key));
        Assert.Equal(V2.SpanRefType.FollowsFrom, root.References.Single().RefType);
        Assert.Equal(["clock skew adjusted"], root.Warnings);
        Assert.Equal(["host.name", "process.pid"], root.Process.Tags.Select(t => t.Key));
        Assert.Equal(fixture.StartA + 123, (ulong)root.StartTime.Seconds * 1_000_000_000 + (ulong)root.StartTime.Nanos);
        Assert.Equal(300_000_999, (long)root.Duration.Seconds * 1_000_000_000 + root.Duration.Nanos);
    }

    [Fact]
    public async Task FindTraces_searches_as_the_v1_api_and_streams_each_trace_in_chunks()
    {
        var chunks = await ReadAllAsync(Client.FindTraces(new V2.FindTracesRequest
        {
            Query = new V2.TraceQueryParameters { ServiceName = "big", StartTimeMin = s_goZero, StartTimeMax = s_goZero },
        }, cancellationToken: Token));
        Assert.Equal([10, 10, 5], chunks.Select(c => c.Spans.Count));

        // Default window (48 h) hides trace C; newest trace first; each trace's chunks are its own.
        var frontend = await ReadAllAsync(Client.FindTraces(new V2.FindTracesRequest { Query = new V2.TraceQueryParameters { ServiceName = "frontend" } }, cancellationToken: Token));
        Assert.Equal([3], frontend.Select(c => c.Spans.Count));
        Assert.All(frontend[0].Spans, s => Assert.Equal(Bytes(GrpcQueryFixture.TraceA), s.TraceId));

        var wide = await ReadAllAsync(Client.FindTraces(new V2.FindTracesRequest
        {
            Query = new V2.TraceQueryParameters
            {
                ServiceName = "frontend",
                StartTimeMin = Timestamp.FromDateTimeOffset(fixture.Now.AddDays(-4)),
                StartTimeMax = Timestamp.FromDateTimeOffset(fixture.Now),
            },
        }, cancellationToken: Token));
        Assert.Equal([3, 1], wide.Select(c => c.Spans.Count));

        var tagged = await ReadAllAsync(Client.FindTraces(new V2.FindTracesRequest
        {
            Query = new V2.TraceQueryParameters { ServiceName = "big", Tags = { ["index"] = "7" }, DurationMin = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(0.5)) },
        }, cancellationToken: Token));
        Assert.Equal(25, tagged.Sum(c => c.Spans.Count));
        var none = await ReadAllAsync(Client.FindTraces(new V2.FindTracesRequest
        {
            Query = new V2.TraceQueryParameters { ServiceName = "big", DurationMin = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) },
        }, cancellationToken: Token));
        Assert.Empty(none);

        var query = fixture.Store.Queries.Last();
        Assert.Equal(TraceBackend.Storage.TraceQuery.DefaultSearchDepth, query.SearchDepth);
    }

    [Fact]
    public async Task FindTraces_clamps_the_depth_and_rejects_bad_queries()
    {
        await ReadAllAsync(Client.FindTraces(new V2.FindTracesRequest { Query = new V2.TraceQueryParameters { ServiceName = "big", SearchDepth = 1_000_000 } }, cancellationToken: Token));
        Assert.Equal(QueryOptions.DefaultMaxSearchDepth, fixture.Store.Queries.Last().SearchDepth);

        var missing = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Client.FindTraces(new V2.FindTracesRequest(), cancellationToken: Token)));
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Equal("missing query", missing.Status.Detail);

        var durations = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Client.FindTraces(new V2.FindTracesRequest
        {
            Query = new V2.TraceQueryParameters
            {
                ServiceName = "big",
                DurationMin = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
                DurationMax = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
            },
        }, cancellationToken: Token)));
        Assert.Equal(StatusCode.InvalidArgument, durations.StatusCode);
        Assert.Equal("'maxDuration' should be greater than 'minDuration'", durations.Status.Detail);
    }

    [Fact]
    public async Task FindTraces_without_service_on_a_store_that_needs_one_is_InvalidArgument()
    {
        var store = new ListTraceStore { Capabilities = new Storage.StorageCapabilities { SearchWithoutServiceName = false } };
        await using var server = await GrpcQueryServer.StartAsync(store);
        var client = new V2.QueryService.QueryServiceClient(server.Channel);
        var ex = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(client.FindTraces(new V2.FindTracesRequest { Query = new V2.TraceQueryParameters() }, cancellationToken: Token)));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(TraceQueryService.ServiceRequiredByStorageMessage, ex.Status.Detail);
    }

    [Fact]
    public async Task GetServices_and_GetOperations()
    {
        var services = await Client.GetServicesAsync(new V2.GetServicesRequest(), cancellationToken: Token);
        Assert.Equal(["big", "driver", "frontend"], services.Services);

        var all = await Client.GetOperationsAsync(new V2.GetOperationsRequest { Service = "frontend" }, cancellationToken: Token);
        Assert.Equal(["HTTP GET /dispatch", "call driver", "old op"], all.OperationNames);
        Assert.Equal(["HTTP GET /dispatch:server", "call driver:client", "old op:server"], all.Operations.Select(o => o.Name + ":" + o.SpanKind));

        var servers = await Client.GetOperationsAsync(new V2.GetOperationsRequest { Service = "frontend", SpanKind = "server" }, cancellationToken: Token);
        Assert.Equal(["HTTP GET /dispatch", "old op"], servers.OperationNames);

        var unkinded = await Client.GetOperationsAsync(new V2.GetOperationsRequest { Service = "big" }, cancellationToken: Token);
        Assert.Equal("step:", Assert.Single(unkinded.Operations.Select(o => o.Name + ":" + o.SpanKind)));
        Assert.Equal(["step"], unkinded.OperationNames);

        var unknownKind = await Client.GetOperationsAsync(new V2.GetOperationsRequest { Service = "frontend", SpanKind = "SERVER" }, cancellationToken: Token);
        Assert.Empty(unknownKind.Operations);
    }

    [Fact]
    public async Task GetDependencies_needs_both_times()
    {
        var links = await Client.GetDependenciesAsync(new V2.GetDependenciesRequest
        {
            StartTime = Timestamp.FromDateTimeOffset(fixture.Now.AddHours(-3)),
            EndTime = Timestamp.FromDateTimeOffset(fixture.Now),
        }, cancellationToken: Token);
        Assert.Contains(links.Dependencies, l => l.Parent == "frontend" && l.Child == "driver" && l.CallCount == 1);

        var old = await Client.GetDependenciesAsync(new V2.GetDependenciesRequest
        {
            StartTime = Timestamp.FromDateTimeOffset(fixture.Now.AddDays(-30)),
            EndTime = Timestamp.FromDateTimeOffset(fixture.Now.AddDays(-29)),
        }, cancellationToken: Token);
        Assert.Empty(old.Dependencies);

        foreach (var request in new[]
        {
            new V2.GetDependenciesRequest(),
            new V2.GetDependenciesRequest { StartTime = s_goZero, EndTime = Timestamp.FromDateTimeOffset(fixture.Now) },
        })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(async () => await Client.GetDependenciesAsync(request, cancellationToken: Token));
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
            Assert.Equal("StartTime and EndTime must be initialized.", ex.Status.Detail);
        }
    }

    [Fact]
    public async Task ArchiveTrace_is_Unimplemented()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.ArchiveTraceAsync(new V2.ArchiveTraceRequest { TraceId = Bytes(GrpcQueryFixture.TraceA) }, cancellationToken: Token));
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Equal("archive span storage was not configured", ex.Status.Detail);
    }

    internal static async Task<List<T>> ReadAllAsync<T>(AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            var items = new List<T>();
            await foreach (var item in call.ResponseStream.ReadAllAsync(Token))
            {
                items.Add(item);
            }

            return items;
        }
    }

    private static ByteString Bytes(TraceId id) => ByteString.CopyFrom(id.ToBytes());

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string TraceText(ByteString bytes) => TraceId.TryFromBytes(bytes.Span, out var id) ? id.ToJaegerString() : "invalid:" + Hex(bytes);

    /// <summary>A v1 JSON span with its process, as one comparable line per field.</summary>
    private static string RenderJsonSpan(JsonElement span, JsonElement processes)
    {
        var process = processes.GetProperty(span.GetProperty("processID").GetString()!);
        var flags = span.TryGetProperty("flags", out var f) ? f.GetUInt32() : 0;
        var references = span.GetProperty("references").EnumerateArray()
            .Select(r => $"{r.GetProperty("refType").GetString()}/{r.GetProperty("traceID").GetString()}/{r.GetProperty("spanID").GetString()}");
        var logs = span.GetProperty("logs").EnumerateArray()
            .Select(l => l.GetProperty("timestamp").GetInt64() + "=" + JsonTags(l.GetProperty("fields")));
        var warnings = span.GetProperty("warnings").ValueKind == JsonValueKind.Null ? Enumerable.Empty<string>() : span.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!);
        return string.Join('\n',
            "trace " + span.GetProperty("traceID").GetString(),
            "span " + span.GetProperty("spanID").GetString(),
            "op " + span.GetProperty("operationName").GetString(),
            "flags " + flags,
            "refs " + string.Join(',', references),
            "start " + span.GetProperty("startTime").GetInt64(),
            "duration " + span.GetProperty("duration").GetInt64(),
            "tags " + JsonTags(span.GetProperty("tags")),
            "logs " + string.Join(',', logs),
            "service " + process.GetProperty("serviceName").GetString(),
            "process " + JsonTags(process.GetProperty("tags")),
            "warnings " + string.Join(',', warnings));
    }

    /// <summary>The api_v2 span in the same form; times truncated to µs as v1 JSON carries them.</summary>
    private static string RenderProtoSpan(V2.Span span)
    {
        var references = span.References.Select(r =>
            $"{(r.RefType == V2.SpanRefType.ChildOf ? "CHILD_OF" : "FOLLOWS_FROM")}/{TraceText(r.TraceId)}/{Hex(r.SpanId)}");
        var logs = span.Logs.Select(l => Micros(l.Timestamp) + "=" + ProtoTags(l.Fields));
        return string.Join('\n',
            "trace " + TraceText(span.TraceId),
            "span " + Hex(span.SpanId),
            "op " + span.OperationName,
            "flags " + span.Flags,
            "refs " + string.Join(',', references),
            "start " + Micros(span.StartTime),
            "duration " + ((span.Duration.Seconds * 1_000_000_000) + span.Duration.Nanos) / 1000,
            "tags " + ProtoTags(span.Tags),
            "logs " + string.Join(',', logs),
            "service " + span.Process.ServiceName,
            "process " + ProtoTags(span.Process.Tags),
            "warnings " + string.Join(',', span.Warnings));
    }

    private static long Micros(Timestamp t) => (t.Seconds * 1_000_000) + (t.Nanos / 1000);

    private static string JsonTags(JsonElement tags) => string.Join(';', tags.EnumerateArray().Select(t =>
    {
        var type = t.GetProperty("type").GetString();
        var value = t.GetProperty("value");
        var text = type switch
        {
            "bool" => value.GetBoolean() ? "true" : "false",
            "int64" => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetInt64().ToString(CultureInfo.InvariantCulture),
            "float64" => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            _ => value.GetString(),
        };
        return $"{t.GetProperty("key").GetString()}:{type}:{text}";
    }));

    private static string ProtoTags(IEnumerable<V2.KeyValue> tags) => string.Join(';', tags.Select(t =>
    {
        var (type, text) = t.VType switch
        {
            V2.ValueType.Bool => ("bool", t.VBool ? "true" : "false"),
            V2.ValueType.Int64 => ("int64", t.VInt64.ToString(CultureInfo.InvariantCulture)),
            V2.ValueType.Float64 => ("float64", t.VFloat64.ToString("R", CultureInfo.InvariantCulture)),
            V2.ValueType.Binary => ("binary", Convert.ToBase64String(t.VBinary.Span)),
            _ => ("string", t.VStr),
        };
        return $"{t.Key}:{type}:{text}";
    }));
}
