using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TraceBackend.EndToEnd.Tests.Elasticsearch;

/// <summary>
/// One trace over two services, exported by the real OpenTelemetry .NET SDK over OTLP gRPC (one tracer provider per
/// service, as two processes would): <c>frontend</c> "GET /dispatch" (server, 500 ms, HTTP 200) → <c>frontend</c>
/// "SELECT customers" (client, 100 ms, error) and → <c>backend</c> "GET /customer" (server, 200 ms). Start and end
/// times are set explicitly, so durations and the start date are exact.
/// </summary>
internal sealed record TwoServiceTrace(string TraceId, string RootId, string ChildId, string RemoteId, DateTimeOffset RootStart)
{
    public const string RootOperation = "GET /dispatch";
    public const string ChildOperation = "SELECT customers";
    public const string RemoteOperation = "GET /customer";

    public static readonly TimeSpan RootDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>Exports the trace with its root starting at <paramref name="rootStart"/> and returns once both SDKs flushed.</summary>
    public static TwoServiceTrace Export(Uri otlpGrpc, string frontend, string backend, DateTimeOffset rootStart)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var frontendSource = new ActivitySource("e2e.es.frontend." + suffix, "1.2.3");
        using var backendSource = new ActivitySource("e2e.es.backend." + suffix, "1.2.3");
        using var frontendProvider = Provider(otlpGrpc, frontend, frontendSource.Name);
        using var backendProvider = Provider(otlpGrpc, backend, backendSource.Name);

        string traceId, rootId, childId, remoteId;
        using (var root = frontendSource.StartActivity(RootOperation, ActivityKind.Server, default(ActivityContext), startTime: rootStart)!)
        {
            traceId = root.TraceId.ToHexString();
            rootId = root.SpanId.ToHexString();
            root.SetTag("http.request.method", "GET");
            root.SetTag("http.response.status_code", 200);
            using (var child = frontendSource.StartActivity(ChildOperation, ActivityKind.Client, root.Context, startTime: rootStart.AddMilliseconds(10))!)
            {
                childId = child.SpanId.ToHexString();
                child.SetTag("db.system", "mysql");
                child.SetStatus(ActivityStatusCode.Error, "timeout");
                child.SetEndTime(rootStart.AddMilliseconds(110).UtcDateTime);
            }

            using (var remote = backendSource.StartActivity(RemoteOperation, ActivityKind.Server, root.Context, startTime: rootStart.AddMilliseconds(150))!)
            {
                remoteId = remote.SpanId.ToHexString();
                remote.SetTag("customer.id", "42");
                remote.SetEndTime(rootStart.AddMilliseconds(350).UtcDateTime);
            }

            root.SetEndTime((rootStart + RootDuration).UtcDateTime);
        }

        Assert.True(frontendProvider.ForceFlush(15_000), "the frontend SDK did not flush its spans");
        Assert.True(backendProvider.ForceFlush(15_000), "the backend SDK did not flush its spans");
        return new TwoServiceTrace(traceId, rootId, childId, remoteId, rootStart);
    }

    private static TracerProvider Provider(Uri otlpGrpc, string service, string sourceName) =>
        Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetSampler(new AlwaysOnSampler())
            .ConfigureResource(r => r.AddService(service).AddAttributes([new("host.name", "e2e-es-host")]))
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.Grpc;
                o.Endpoint = otlpGrpc;
                o.TimeoutMilliseconds = 10_000;
            })
            .Build()!;
}
