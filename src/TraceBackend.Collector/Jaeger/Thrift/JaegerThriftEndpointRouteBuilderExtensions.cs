using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TraceBackend.Collector.Jaeger.Thrift;

public static class JaegerThriftEndpointRouteBuilderExtensions
{
    public const string TracesPath = "/api/traces";

    /// <summary>
    /// Maps Jaeger Thrift over HTTP <c>/api/traces</c> for every method (POST ingests a Thrift <c>Batch</c>,
    /// others get 405). Needs <see cref="CollectorServiceCollectionExtensions.AddTraceBackendCollector"/>. The
    /// query API has a <c>GET /api/traces</c> too: restrict this one to its port with <c>RequireHost("*:14268")</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapJaegerThriftHttp(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var handler = ActivatorUtilities.CreateInstance<JaegerThriftHttpHandler>(routes.ServiceProvider);
        return routes.Map(TracesPath, (RequestDelegate)handler.HandleAsync).WithDisplayName("Jaeger Thrift HTTP traces");
    }
}
