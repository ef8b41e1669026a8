using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Jaeger.ApiV2;
using TraceBackend.Collector.Jaeger.Thrift;
using TraceBackend.Collector.Tests.Jaeger.Thrift;
using TraceBackend.Host.Listeners;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// The Jaeger gRPC, Jaeger Thrift (HTTP and agent UDP) and Zipkin inputs of the all-in-one process: the same logical
/// trace (a server span and its client child) sent through each comes back from the Jaeger query API with the same
/// shape as when sent through OTLP.
/// </summary>
public sealed class LegacyInputsTests(BackendFixture backend) : IClassFixture<BackendFixture>
{
    private const string RootId = "00000000000000a1";
    private const string ChildId = "00000000000000b2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_trace_through_five_inputs_otlp_jaeger_grpc_thrift_http_agent_udp_and_zipkin_reads_back_alike()
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
        var otlpId = NewTraceId();
        var jaegerId = NewTraceId();
        var zipkinId = NewTraceId();
        var thriftHttpId = NewTraceId();
        var agentUdpId = NewTraceId();

        await SendOtlpJsonAsync(otlpId, start);
        await SendJaegerGrpcAsync(jaegerId, start);
        await SendZipkinAsync(zipkinId, start);
        await SendJaegerThriftHttpAsync(thriftHttpId, start);
        await SendJaegerAgentCompactUdpAsync(agentUdpId, start);

        var shapes = new List<string>();
        foreach (var id in new[] { otlpId, jaegerId, zipkinId, thriftHttpId, agentUdpId })
        {
            var trace = await WaitForTraceAsync(id, spanCount: 2);
            JaegerJson.AssertWellFormedTrace(trace);
            shapes.Add(Shape(trace));
        }

        Assert.Equal(shapes[0], shapes[1]);
        Assert.Equal(shapes[0], shapes[2]);
        Assert.Equal(shapes[0], shapes[3]);
        Assert.Equal(shapes[0], shapes[4]);
        Assert.Contains("GET /dispatch|legacy-frontend|server|root|http.response.status_code=200", shapes[0]);
        Assert.Contains("SELECT customers|legacy-frontend|client|child-of:" + RootId, shapes[0]);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error_from_each_input_and_the_process_stays_healthy()
    {
        using var channel = GrpcChannel.ForAddress(backend.JaegerGrpcBase);
        var client = new CollectorService.CollectorServiceClient(channel);
        var badSpan = new Span { TraceId = ByteString.CopyFrom(new byte[3]), SpanId = ByteString.CopyFrom(new byte[8]), OperationName = "x" };
        var rpc = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.PostSpansAsync(new PostSpansRequest { Batch = new Batch { Spans = { badSpan }, Process = new Process { ServiceName = "s" } } }, cancellationToken: Ct));
        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Contains("trace_id", rpc.Status.Detail, StringComparison.Ordinal);

        using var http = new HttpClient();
        using var zipkin = await http.PostAsync(new Uri(backend.ZipkinBase, "api/v2/spans"), new StringContent("[{\"traceId\": 7}]", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, zipkin.StatusCode);
        Assert.Contains("traceId", await zipkin.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var health = await http.GetAsync(new Uri(backend.AdminBase, "health"), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Spans_sent_through_jaeger_grpc_come_back_through_the_grpc_query_apis()
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
        var traceId = NewTraceId();
        await SendJaegerGrpcAsync(traceId, start);

        using var channel = GrpcChannel.ForAddress(backend.QueryGrpcBase);
        var v2 = new QueryService.QueryServiceClient(channel);
        using var call = v2.GetTrace(new GetTraceRequest { TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)) }, cancellationToken: Ct);
        var names = new List<string>();
        while (await call.ResponseStream.MoveNext(Ct))
        {
            names.AddRange(call.ResponseStream.Current.Spans.Select(s => s.OperationName));
        }

        Assert.Equal(["GET /dispatch", "SELECT customers"], names.Order(StringComparer.Ordinal));

        var v3 = new Jaeger.ApiV3.QueryService.QueryServiceClient(channel);
        var services = await v3.GetServicesAsync(new Jaeger.ApiV3.GetServicesRequest(), cancellationToken: Ct);
        Assert.Contains("legacy-frontend", services.Services);

        var health = new Grpc.Health.V1.Health.HealthClient(channel);
        var status = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = "jaeger.api_v2.QueryService" }, cancellationToken: Ct);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, status.Status);
    }

    /// <summary>Per span, sorted: name | service | kind | parent reference | the test's own tags.</summary>
    private static string Shape(JsonElement trace)
    {
        var lines = new List<string>();
        foreach (var span in trace.GetProperty("spans").EnumerateArray())
        {
            var process = trace.GetProperty("processes").GetProperty(span.GetProperty("processID").GetString()!);
            var references = span.GetProperty("references").EnumerateArray()
                .Select(r => $"{r.GetProperty("refType").GetString()!.ToLowerInvariant().Replace('_', '-')}:{r.GetProperty("spanID").GetString()}")
                .ToList();
            var tags = span.GetProperty("tags").EnumerateArray()
                .Where(t => t.GetProperty("key").GetString() is "span.kind" or "http.response.status_code" or "db.system")
                .ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").ToString());
            lines.Add(string.Join('|',
                span.GetProperty("operationName").GetString(),
                process.GetProperty("serviceName").GetString(),
                tags.GetValueOrDefault("span.kind", "-"),
                references.Count == 0 ? "root" : string.Join(',', references),
                string.Join(',', tags.Where(t => t.Key != "span.kind").OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")),
                $"start={span.GetProperty("startTime").GetInt64()}",
                $"duration={span.GetProperty("duration").GetInt64()}"));
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    private async Task SendOtlpJsonAsync(string traceId, DateTimeOffset start)
    {
        static string Nanos(DateTimeOffset t, int plusMicros) => ((t.ToUnixTimeMilliseconds() * 1000 + plusMicros) * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"legacy-frontend"}}]},
              "scopeSpans":[{"spans":[
                {"traceId":"{{{traceId}}}","spanId":"{{{RootId}}}","name":"GET /dispatch","kind":2,
                 "startTimeUnixNano":"{{{Nanos(start, 0)}}}","endTimeUnixNano":"{{{Nanos(start, 5000)}}}",
                 "attributes":[{"key":"http.response.status_code","value":{"stringValue":"200"}}]},
                {"traceId":"{{{traceId}}}","spanId":"{{{ChildId}}}","parentSpanId":"{{{RootId}}}","name":"SELECT customers","kind":3,
                 "startTimeUnixNano":"{{{Nanos(start, 1000)}}}","endTimeUnixNano":"{{{Nanos(start, 3000)}}}",
                 "attributes":[{"key":"db.system","value":{"stringValue":"mysql"}}]}]}]}]}
            """;
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(backend.OtlpHttpBase, "v1/traces"), new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task SendJaegerGrpcAsync(string traceId, DateTimeOffset start)
    {
        var traceBytes = ByteString.CopyFrom(Convert.FromHexString(traceId));
        static ByteString Id(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));
        static KeyValue Str(string key, string value) => new() { Key = key, VType = Jaeger.ApiV2.ValueType.String, VStr = value };
        var root = new Span
        {
            TraceId = traceBytes, SpanId = Id(RootId), OperationName = "GET /dispatch",
            StartTime = Timestamp.FromDateTimeOffset(start), Duration = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(5)),
            Tags = { Str("span.kind", "server"), Str("http.response.status_code", "200") },
        };
        var child = new Span
        {
            TraceId = traceBytes, SpanId = Id(ChildId), OperationName = "SELECT customers",
            References = { new SpanRef { TraceId = traceBytes, SpanId = Id(RootId), RefType = SpanRefType.ChildOf } },
            StartTime = Timestamp.FromDateTimeOffset(start.AddMilliseconds(1)), Duration = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(2)),
            Tags = { Str("span.kind", "client"), Str("db.system", "mysql") },
        };
        using var channel = GrpcChannel.ForAddress(backend.JaegerGrpcBase);
        var client = new CollectorService.CollectorServiceClient(channel);
        await client.PostSpansAsync(new PostSpansRequest { Batch = new Batch { Process = new Process { ServiceName = "legacy-frontend" }, Spans = { root, child } } }, cancellationToken: Ct);
    }

    private async Task SendZipkinAsync(string traceId, DateTimeOffset start)
    {
        var micros = start.ToUnixTimeMilliseconds() * 1000;
        var json = $$$"""
            [{"traceId":"{{{traceId}}}","id":"{{{RootId}}}","name":"GET /dispatch","kind":"SERVER","timestamp":{{{micros}}},"duration":5000,
              "localEndpoint":{"serviceName":"legacy-frontend"},"tags":{"http.response.status_code":"200"}},
             {"traceId":"{{{traceId}}}","id":"{{{ChildId}}}","parentId":"{{{RootId}}}","name":"SELECT customers","kind":"CLIENT","timestamp":{{{micros + 1000}}},"duration":2000,
              "localEndpoint":{"serviceName":"legacy-frontend"},"tags":{"db.system":"mysql"}}]
            """;
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(backend.ZipkinBase, "api/v2/spans"), new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>
    /// Polls the query API until the trace has <paramref name="spanCount"/> spans: the Thrift inputs queue their
    /// batches, and agent UDP has no acknowledgement at all.
    /// </summary>
    private async Task<JsonElement> WaitForTraceAsync(string traceId, int spanCount)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await backend.Query.GetAsync($"api/traces/{traceId}", Ct);
            if (response.IsSuccessStatusCode)
            {
                var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
                var trace = Assert.Single(document.GetProperty("data").EnumerateArray());
                if (trace.GetProperty("spans").GetArrayLength() == spanCount)
                {
                    return trace;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"trace {traceId} did not arrive with {spanCount} spans within 10 s");
            await Task.Delay(100, Ct);
        }
    }

    private async Task SendJaegerThriftHttpAsync(string traceId, DateTimeOffset start)
    {
        var writer = new ThriftTestWriter(ThriftProtocol.Binary);
        WriteThriftBatch(writer, traceId, start);
        using var content = new ByteArrayContent(writer.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-thrift");
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(backend.Url(ListenerNames.JaegerThriftHttp), "api/traces"), content, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>One oneway <c>Agent.emitBatch</c> message, compact protocol, as one datagram to the agent's compact port.</summary>
    private async Task SendJaegerAgentCompactUdpAsync(string traceId, DateTimeOffset start)
    {
        var writer = new ThriftTestWriter(ThriftProtocol.Compact);
        writer.MessageBegin(JaegerThriftDecoder.EmitBatchMethod, ThriftMessageType.Oneway, 1).StructBegin().Field(ThriftType.Struct, 1);
        WriteThriftBatch(writer, traceId, start);
        writer.StructEnd();
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var port = backend.App.Endpoints[ListenerNames.JaegerAgentCompact].Port;
        var datagram = writer.ToArray();
        Assert.Equal(datagram.Length, await udp.SendAsync(datagram, new IPEndPoint(IPAddress.Loopback, port), Ct));
    }

    /// <summary>
    /// The Jaeger Thrift <c>Batch</c> of the shared trace: process (1: serviceName), spans (2) with traceIdLow (1),
    /// traceIdHigh (2), spanId (3), parentSpanId (4), operationName (5), flags (7), startTime (8, µs), duration (9, µs)
    /// and string tags (10).
    /// </summary>
    private static void WriteThriftBatch(ThriftTestWriter w, string traceId, DateTimeOffset start)
    {
        var high = long.Parse(traceId[..16], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var low = long.Parse(traceId[16..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var micros = start.ToUnixTimeMilliseconds() * 1000;
        w.StructBegin();
        w.Field(ThriftType.Struct, 1).StructBegin().Field(ThriftType.String, 1).String("legacy-frontend").StructEnd();
        w.Field(ThriftType.List, 2).ListBegin(ThriftType.Struct, 2);
        WriteThriftSpan(w, high, low, RootId, parentSpanId: "0", "GET /dispatch", micros, 5000, ("span.kind", "server"), ("http.response.status_code", "200"));
        WriteThriftSpan(w, high, low, ChildId, parentSpanId: RootId, "SELECT customers", micros + 1000, 2000, ("span.kind", "client"), ("db.system", "mysql"));
        w.StructEnd();
    }

    private static void WriteThriftSpan(ThriftTestWriter w, long traceHigh, long traceLow, string spanId, string parentSpanId, string operation, long startMicros, long durationMicros, params (string Key, string Value)[] tags)
    {
        static long Id(string hex) => long.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        w.StructBegin()
            .Field(ThriftType.I64, 1).I64(traceLow)
            .Field(ThriftType.I64, 2).I64(traceHigh)
            .Field(ThriftType.I64, 3).I64(Id(spanId))
            .Field(ThriftType.I64, 4).I64(Id(parentSpanId))
            .Field(ThriftType.String, 5).String(operation)
            .Field(ThriftType.I32, 7).I32(1)
            .Field(ThriftType.I64, 8).I64(startMicros)
            .Field(ThriftType.I64, 9).I64(durationMicros)
            .Field(ThriftType.List, 10).ListBegin(ThriftType.Struct, tags.Length);
        foreach (var (key, value) in tags)
        {
            w.StructBegin().Field(ThriftType.String, 1).String(key).Field(ThriftType.I32, 2).I32(0).Field(ThriftType.String, 3).String(value).StructEnd();
        }

        w.StructEnd();
    }

    private static string NewTraceId() => Guid.NewGuid().ToString("N");
}
