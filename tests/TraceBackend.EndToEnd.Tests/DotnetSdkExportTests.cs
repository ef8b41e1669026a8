using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// Spans exported by the real OpenTelemetry .NET SDK (OTLP gRPC and OTLP HTTP/protobuf) come back from the
/// Jaeger query API with the JSON the Jaeger UI and Grafana read.
/// </summary>
public sealed class DotnetSdkExportTests(BackendFixture backend) : IClassFixture<BackendFixture>
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Exported_trace_comes_back_complete_by_id_and_by_search(OtlpExportProtocol protocol)
    {
        var service = $"dotnet-{protocol}-{Guid.NewGuid():N}".ToLowerInvariant()[..24];
        var sourceName = "e2e.source." + Guid.NewGuid().ToString("N")[..8];
        var (traceId, rootId, childId) = ExportOneTrace(protocol, service, sourceName);

        var document = await JaegerJson.GetAsync(backend.Query, $"api/traces/{traceId}");
        Assert.Equal(JsonValueKind.Null, document.GetProperty("errors").ValueKind);
        var trace = Assert.Single(document.GetProperty("data").EnumerateArray());
        JaegerJson.AssertWellFormedTrace(trace);
        Assert.Equal(traceId, trace.GetProperty("traceID").GetString());
        Assert.Equal(3, trace.GetProperty("spans").GetArrayLength());

        var root = JaegerJson.SpanByName(trace, "GET /dispatch");
        Assert.Equal(rootId, root.GetProperty("spanID").GetString());
        Assert.Equal(1, root.GetProperty("flags").GetInt32());
        Assert.Empty(root.GetProperty("references").EnumerateArray());
        var tags = root.GetProperty("tags");
        AssertTag(tags, "otel.scope.name", "string", sourceName);
        AssertTag(tags, "otel.scope.version", "string", "4.5.6");
        AssertTag(tags, "span.kind", "string", "server");
        Assert.Equal(200, AssertTag(tags, "http.response.status_code", "int64").GetInt64());
        Assert.Equal(0.5, AssertTag(tags, "retry.ratio", "float64").GetDouble());
        Assert.True(AssertTag(tags, "cache.hit", "bool").GetBoolean());
        AssertTag(tags, "route.tags", "string", "[\"a\",\"b\"]");
        // Beyond 2^53 the value must be a JSON string so JavaScript keeps every digit.
        AssertTag(tags, "big.number", "int64", "9007199254740993");
        var log = Assert.Single(root.GetProperty("logs").EnumerateArray());
        Assert.True(log.GetProperty("timestamp").GetInt64() >= root.GetProperty("startTime").GetInt64());
        var fields = log.GetProperty("fields");
        Assert.Equal("event", fields[0].GetProperty("key").GetString());
        Assert.Equal("cache miss", fields[0].GetProperty("value").GetString());
        AssertTag(fields, "customer.id", "string", "42");

        var process = trace.GetProperty("processes").GetProperty(root.GetProperty("processID").GetString()!);
        Assert.Equal(service, process.GetProperty("serviceName").GetString());
        AssertTag(process.GetProperty("tags"), "host.name", "string", "e2e-host");
        AssertTag(process.GetProperty("tags"), "telemetry.sdk.language", "string", "dotnet");
        Assert.False(JaegerJson.HasTag(process.GetProperty("tags"), "service.name"));

        var child = JaegerJson.SpanByName(trace, "SELECT customers");
        Assert.Equal(childId, child.GetProperty("spanID").GetString());
        var parentRef = child.GetProperty("references")[0];
        Assert.Equal("CHILD_OF", parentRef.GetProperty("refType").GetString());
        Assert.Equal(rootId, parentRef.GetProperty("spanID").GetString());
        Assert.Equal(traceId, parentRef.GetProperty("traceID").GetString());
        var childTags = child.GetProperty("tags");
        AssertTag(childTags, "span.kind", "string", "client");
        AssertTag(childTags, "otel.status_code", "string", "ERROR");
        Assert.True(AssertTag(childTags, "error", "bool").GetBoolean());
        AssertTag(childTags, "otel.status_description", "string", "timeout");

        var consumer = JaegerJson.SpanByName(trace, "consume orders");
        var references = consumer.GetProperty("references");
        Assert.Equal(2, references.GetArrayLength());
        Assert.Equal("CHILD_OF", references[0].GetProperty("refType").GetString());
        Assert.Equal("FOLLOWS_FROM", references[1].GetProperty("refType").GetString());

        var search = await JaegerJson.GetAsync(backend.Query, $"api/traces?service={service}&limit=20");
        var found = Assert.Single(search.GetProperty("data").EnumerateArray());
        Assert.Equal(traceId, found.GetProperty("traceID").GetString());
        Assert.Equal(3, found.GetProperty("spans").GetArrayLength());

        var byTag = await JaegerJson.GetAsync(backend.Query, $"api/traces?service={service}&tags={Uri.EscapeDataString("{\"error\":\"true\"}")}");
        Assert.Single(byTag.GetProperty("data").EnumerateArray());
        var byOperation = await JaegerJson.GetAsync(backend.Query, $"api/traces?service={service}&operation={Uri.EscapeDataString("GET /dispatch")}&minDuration=1us");
        Assert.Single(byOperation.GetProperty("data").EnumerateArray());
        var none = await JaegerJson.GetAsync(backend.Query, $"api/traces?service={service}&tag=http.response.status_code:500");
        Assert.Empty(none.GetProperty("data").EnumerateArray());

        var services = await JaegerJson.GetAsync(backend.Query, "api/services");
        Assert.Contains(service, services.GetProperty("data").EnumerateArray().Select(s => s.GetString()));
        var operations = await JaegerJson.GetAsync(backend.Query, $"api/operations?service={service}&spanKind=server");
        var operation = Assert.Single(operations.GetProperty("data").EnumerateArray());
        Assert.Equal("GET /dispatch", operation.GetProperty("name").GetString());
        Assert.Equal("server", operation.GetProperty("spanKind").GetString());

        var v3 = await JaegerJson.GetAsync(backend.Query, $"api/v3/traces/{traceId}");
        var v3Span = v3.GetProperty("result").GetProperty("resourceSpans")[0].GetProperty("scopeSpans")[0].GetProperty("spans")[0];
        Assert.Equal(traceId, v3Span.GetProperty("traceId").GetString());
    }

    private static JsonElement AssertTag(JsonElement tags, string key, string type, string? value = null)
    {
        var tag = JaegerJson.Tag(tags, key);
        Assert.Equal(type, tag.GetProperty("type").GetString());
        var v = tag.GetProperty("value");
        if (value is not null)
        {
            Assert.Equal(value, v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText());
        }

        return v;
    }

    private (string TraceId, string RootId, string ChildId) ExportOneTrace(OtlpExportProtocol protocol, string service, string sourceName)
    {
        using var source = new ActivitySource(sourceName, "4.5.6");
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetSampler(new AlwaysOnSampler())
            .ConfigureResource(r => r.AddService(service).AddAttributes([new("host.name", "e2e-host")]))
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.Grpc ? backend.OtlpGrpcBase : new Uri(backend.OtlpHttpBase, "v1/traces");
                o.TimeoutMilliseconds = 10_000;
            })
            .Build();

        string traceId, rootId, childId;
        using (var root = source.StartActivity("GET /dispatch", ActivityKind.Server)!)
        {
            traceId = root.TraceId.ToHexString();
            rootId = root.SpanId.ToHexString();
            root.SetTag("http.request.method", "GET");
            root.SetTag("http.response.status_code", 200);
            root.SetTag("retry.ratio", 0.5);
            root.SetTag("cache.hit", true);
            root.SetTag("route.tags", new[] { "a", "b" });
            root.SetTag("big.number", 9007199254740993L);
            root.AddEvent(new ActivityEvent("cache miss", tags: new ActivityTagsCollection { ["customer.id"] = "42" }));
            using (var child = source.StartActivity("SELECT customers", ActivityKind.Client)!)
            {
                childId = child.SpanId.ToHexString();
                child.SetTag("db.system", "mysql");
                child.SetStatus(ActivityStatusCode.Error, "timeout");
            }

            var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
            using var consumer = source.StartActivity("consume orders", ActivityKind.Consumer, root.Context, links: [new ActivityLink(linked)]);
        }

        Assert.True(provider.ForceFlush(15_000), "the SDK did not flush its spans");
        return (traceId, rootId, childId);
    }
}
