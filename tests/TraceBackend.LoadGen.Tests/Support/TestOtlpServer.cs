using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace TraceBackend.LoadGen.Tests.Support;

/// <summary>
/// A real Kestrel OTLP endpoint on 127.0.0.1: gRPC TraceService/Export over h2c on one port, POST
/// /v1/traces (protobuf or JSON) on another. Counts the spans of accepted requests per trace, minus the
/// configured partial-success rejections (taken from the request's first trace for accounting).
/// </summary>
public sealed class TestOtlpServer : IAsyncDisposable
{
    private readonly TestOtlpServerBehavior _behavior;
    private WebApplication _app = null!;
    private int _requests;
    private long _totalSpans;
    private int _refusals;

    private TestOtlpServer(TestOtlpServerBehavior behavior) => _behavior = behavior;

    public Uri GrpcAddress { get; private set; } = null!;

    public Uri HttpTracesUrl { get; private set; } = null!;

    public ConcurrentDictionary<string, long> SpansByTrace { get; } = new(StringComparer.Ordinal);

    public long TotalSpans => Interlocked.Read(ref _totalSpans);

    public int Refusals => Volatile.Read(ref _refusals);

    public int AcceptedRequests { get; private set; }

    public static async Task<TestOtlpServer> StartAsync(TestOtlpServerBehavior behavior)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? grpcListen = null;
        ListenOptions? httpListen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                grpcListen = listen;
            });
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                httpListen = listen;
            });
        });
        var server = new TestOtlpServer(behavior);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(server);
        var app = builder.Build();
        server._app = app;
        app.MapGrpcService<TestTraceService>();
        app.MapPost("/v1/traces", server.HandleHttpAsync);
        await app.StartAsync();
        server.GrpcAddress = new Uri($"http://127.0.0.1:{grpcListen!.IPEndPoint!.Port}");
        server.HttpTracesUrl = new Uri($"http://127.0.0.1:{httpListen!.IPEndPoint!.Port}/v1/traces");
        return server;
    }

    /// <summary>True when this request must be refused (counts the refusal).</summary>
    internal bool ShouldRefuse()
    {
        var n = Interlocked.Increment(ref _requests);
        if (_behavior.RefuseAll || n <= _behavior.RefuseFirst)
        {
            Interlocked.Increment(ref _refusals);
            return true;
        }

        return false;
    }

    internal TimeSpan RetryAfter => _behavior.RetryAfter;

    internal bool RefusesAll => _behavior.RefuseAll;

    /// <summary>Stores (counts) the spans and returns the number reported as rejected.</summary>
    internal long Accept(IReadOnlyList<(string TraceId, int Spans)> spansByTrace)
    {
        var rejected = Math.Min(_behavior.RejectPerRequest, spansByTrace.Sum(t => (long)t.Spans));
        var toDrop = rejected;
        lock (SpansByTrace)
        {
            AcceptedRequests++;
        }

        foreach (var (traceId, spans) in spansByTrace)
        {
            var drop = Math.Min(toDrop, spans);
            toDrop -= drop;
            SpansByTrace.AddOrUpdate(traceId, spans - drop, (_, old) => old + spans - drop);
            Interlocked.Add(ref _totalSpans, spans - drop);
        }

        return rejected;
    }

    internal static List<(string TraceId, int Spans)> CountSpans(ExportTraceServiceRequest request)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rs in request.ResourceSpans)
        {
            foreach (var ss in rs.ScopeSpans)
            {
                foreach (var span in ss.Spans)
                {
                    var id = Convert.ToHexStringLower(span.TraceId.Span);
                    counts[id] = counts.GetValueOrDefault(id) + 1;
                }
            }
        }

        return counts.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private static List<(string TraceId, int Spans)> CountSpans(JsonDocument json)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rs in json.RootElement.GetProperty("resourceSpans").EnumerateArray())
        {
            foreach (var ss in rs.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in ss.GetProperty("spans").EnumerateArray())
                {
                    var id = span.GetProperty("traceId").GetString()!;
                    counts[id] = counts.GetValueOrDefault(id) + 1;
                }
            }
        }

        return counts.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private async Task HandleHttpAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var isJson = context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true;
        if (ShouldRefuse())
        {
            context.Response.StatusCode = _behavior.RefuseAll ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = ((int)_behavior.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        List<(string TraceId, int Spans)> counts;
        if (isJson)
        {
            using var json = JsonDocument.Parse(body.ToArray());
            counts = CountSpans(json);
        }
        else
        {
            counts = CountSpans(ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray()));
        }

        var rejected = Accept(counts);
        if (isJson)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                rejected > 0 ? $$$"""{"partialSuccess":{"rejectedSpans":"{{{rejected}}}","errorMessage":"test"}}""" : "{}",
                context.RequestAborted);
        }
        else
        {
            var response = new ExportTraceServiceResponse();
            if (rejected > 0)
            {
                response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = "test" };
            }

            context.Response.ContentType = "application/x-protobuf";
            await context.Response.Body.WriteAsync(Google.Protobuf.MessageExtensions.ToByteArray(response), context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
