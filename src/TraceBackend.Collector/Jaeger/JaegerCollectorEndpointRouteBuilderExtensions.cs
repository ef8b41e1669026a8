using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace TraceBackend.Collector.Jaeger;

public static class JaegerCollectorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the Jaeger gRPC collector service (<c>jaeger.api_v2.CollectorService/PostSpans</c>). Needs
    /// <see cref="JaegerCollectorServiceCollectionExtensions.AddJaegerGrpcCollector"/>. Restrict it to the Jaeger
    /// port with <c>RequireHost("*:14250")</c> on the returned builder.
    /// </summary>
    public static GrpcServiceEndpointConventionBuilder MapJaegerGrpcCollector(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes.MapGrpcService<JaegerGrpcCollectorService>();
    }
}
