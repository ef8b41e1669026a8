using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace TraceBackend.Collector.Zipkin;

public static class ZipkinEndpointRouteBuilderExtensions
{
    public const string SpansPath = "/api/v2/spans";

    /// <summary>
    /// Maps Zipkin v2 <c>/api/v2/spans</c> for every method (POST ingests JSON or protobuf spans, others get 405).
    /// Needs <see cref="CollectorServiceCollectionExtensions.AddTraceBackendCollector"/> (its ingest service,
    /// metrics and options are shared with OTLP). Restrict it to the Zipkin port with <c>RequireHost("*:9411")</c>
    /// on the returned builder.
    /// </summary>
    public static IEndpointConventionBuilder MapZipkinHttp(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var handler = ActivatorUtilities.CreateInstance<ZipkinHttpHandler>(routes.ServiceProvider);
        return routes.Map(SpansPath, (RequestDelegate)handler.HandleAsync).WithDisplayName("Zipkin v2 spans");
    }
}
