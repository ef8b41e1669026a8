using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TraceBackend.Collector;

namespace TraceBackend.Host.Admin;

/// <summary>
/// The admin port: <c>GET /metrics</c> (Prometheus text 0.0.4) and <c>GET /health</c> (also <c>GET /</c>, as
/// Jaeger v1's admin port): 200 with <c>{"status":"Server available",…}</c> while serving, 503 once stopping.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder routes, DateTimeOffset upSince)
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
    }

    private sealed record HealthStatus(string Status, string UpSince, string Uptime);
}
