using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TraceBackend.Query.ApiV3;
using TraceBackend.Query.Json;
using TraceBackend.Query.V1;

namespace TraceBackend.Query;

public static class QueryEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the v1 JSON API and the /api/v3 HTTP API under <see cref="QueryOptions.BasePath"/>. Any other
    /// <c>{base}/api/…</c> path (including unknown <c>/api/v3/…</c> ones) answers 404 <c>404 page not found</c> in
    /// plain text, so API calls never fall through to the UI's SPA fallback. Requires
    /// <see cref="QueryServiceCollectionExtensions.AddTraceBackendQuery"/>.
    /// </summary>
    public static RouteGroupBuilder MapJaegerQueryApi(this IEndpointRouteBuilder routes, QueryOptions options)
    {
        options.Validate();
        var v1 = routes.ServiceProvider.GetRequiredService<V1Api>();
        var v3 = routes.ServiceProvider.GetRequiredService<V3Api>();
        var basePath = options.NormalizedBasePath;
        var group = routes.MapGroup(basePath.Length == 0 ? "/" : basePath);

        group.MapGet("/api/v3/services", v3.GetServices);
        group.MapGet("/api/v3/operations", v3.GetOperations);
        group.MapGet("/api/v3/traces", v3.FindTraces);
        group.MapGet("/api/v3/traces/{trace_id}", v3.GetTrace);
        group.MapGet("/api/v3/trace-summaries", v3.FindTraceSummaries);
        group.MapGet("/api/v3/dependencies", v3.GetDependencies);

        group.MapGet("/api/services", v1.GetServices);
        group.MapGet("/api/services/{service}/operations", v1.GetServiceOperations);
        group.MapGet("/api/operations", v1.GetOperations);
        group.MapGet("/api/traces", v1.FindTraces);
        group.MapGet("/api/traces/{traceID}", v1.GetTrace);
        group.MapGet("/api/dependencies", v1.GetDependencies);
        group.MapGet("/api/metrics/latencies", v1.GetMetrics);
        group.MapGet("/api/metrics/calls", v1.GetMetrics);
        group.MapGet("/api/metrics/errors", v1.GetMetrics);
        group.MapGet("/api/metrics/minstep", v1.GetMetrics);
        group.MapPost("/api/archive/{traceID}", v1.PostArchive);
        group.MapPost("/api/transform", v1.PostTransform);

        group.Map("/api", JsonOutput.WriteNotFoundTextAsync);
        group.Map("/api/{**rest}", JsonOutput.WriteNotFoundTextAsync);
        return group;
    }
}
