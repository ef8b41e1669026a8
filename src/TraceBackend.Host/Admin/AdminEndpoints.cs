using System.Globalization;
using System.Reflection;
using System.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TraceBackend.Collector;
using TraceBackend.Storage;

namespace TraceBackend.Host.Admin;

/// <summary>
/// The admin port: <c>GET /metrics</c> (Prometheus text 0.0.4) and <c>GET /health</c> (also <c>GET /</c>, as
/// Jaeger v1's admin port): 200 with <c>{"status":"Server available",…}</c> while serving, 503 once stopping;
/// <c>POST /debug/gc</c> forces a full collection and reports the live heap; <c>POST /debug/compact</c> flushes and
/// compacts the embedded store.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder routes, DateTimeOffset upSince, string storageDescription)
    {
        routes.MapGet("/metrics", (HttpContext context) =>
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            context.RequestServices.GetService<CollectorMetrics>()?.WritePrometheus(writer);
            ProcessMetrics.Write(writer);
            var version = typeof(AdminEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            writer.Write($"# HELP tracebackend_build_info Build information.\n# TYPE tracebackend_build_info gauge\ntracebackend_build_info{{version=\"{version}\"}} 1\n");
            return Results.Text(writer.ToString(), "text/plain; version=0.0.4; charset=utf-8");
        });

        RequestDelegate health = context =>
        {
            var lifetime = context.RequestServices.GetRequiredService<IHostApplicationLifetime>();
            var stopping = lifetime.ApplicationStopping.IsCancellationRequested;
            context.Response.StatusCode = stopping ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            var uptime = DateTimeOffset.UtcNow - upSince;
            return context.Response.WriteAsJsonAsync(new HealthStatus(
                stopping ? "Server not available" : "Server available",
                upSince.ToString("O", CultureInfo.InvariantCulture),
                uptime.ToString("c", CultureInfo.InvariantCulture)));
        };
        routes.MapGet("/health", health);
        routes.MapGet("/", health);

        // Diagnostics: a full blocking, compacting collection, then the live heap size. Used by the end-to-end
        // benchmark to measure heap bytes per stored span; harmless but pauses the process briefly.
        routes.MapPost("/debug/gc", () =>
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            // After a full compacting collection every object left is live: heap size minus free space.
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            return Results.Json(new GcReport(info.HeapSizeBytes - info.FragmentedBytes, info.HeapSizeBytes));
        });

        // Diagnostics: flush the embedded store's head into blocks and compact them now, so the end-to-end benchmark
        // can measure disk bytes per span in the steady state. Answers compacted=false for a store without files.
        routes.MapPost("/debug/compact", async (HttpContext context) =>
        {
            var store = context.RequestServices.GetRequiredService<ITraceStore>();
            var compacted = await StorageFactory.FlushAndCompactAsync(store, context.RequestAborted);
            return Results.Json(new CompactReport(compacted, storageDescription));
        });
    }

    private sealed record CompactReport(bool Compacted, string Storage);

    private sealed record HealthStatus(string Status, string UpSince, string Uptime);

    private sealed record GcReport(long LiveBytes, long HeapSizeBytes);
}
