using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TraceBackend.Collector.Http;

namespace TraceBackend.Collector;

public static class CollectorEndpointRouteBuilderExtensions
{
    public const string TracesPath = "/v1/traces";

    /// <summary>
    /// Maps OTLP/HTTP <c>/v1/traces</c> for every method (POST ingests, OPTIONS answers CORS preflights,
    /// others get 405). Needs <see cref="CollectorServiceCollectionExtensions.AddTraceBackendCollector"/>.
    /// Restrict it to a port with <c>RequireHost("*:4318")</c> on the returned builder.
    /// </summary>
    public static IEndpointConventionBuilder MapOtlpHttp(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var handler = routes.ServiceProvider.GetRequiredService<OtlpHttpHandler>();
        return routes.Map(TracesPath, (RequestDelegate)handler.HandleAsync).WithDisplayName("OTLP/HTTP traces");
    }

    /// <summary>Maps the OTLP/gRPC trace service (<c>opentelemetry.proto.collector.trace.v1.TraceService</c>).</summary>
    public static GrpcServiceEndpointConventionBuilder MapOtlpGrpc(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes.MapGrpcService<OtlpGrpcTraceService>();
    }
}
