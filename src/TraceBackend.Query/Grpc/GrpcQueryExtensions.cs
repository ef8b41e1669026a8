using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TraceBackend.Query.Grpc;

/// <summary>Registration and mapping of the gRPC query services of port 16685 (§1.9).</summary>
public static class GrpcQueryExtensions
{
    /// <summary>
    /// Service names reported SERVING by <c>grpc.health.v1.Health</c> (besides the overall <c>""</c>), as Jaeger
    /// registers them — including the metrics service, which Jaeger reports even when it does not serve it.
    /// </summary>
    public static readonly IReadOnlyList<string> HealthServiceNames =
    [
        "",
        "jaeger.api_v2.QueryService",
        "jaeger.api_v2.metrics.MetricsQueryService",
        "jaeger.api_v3.QueryService",
    ];

    /// <summary>
    /// Registers the query services (<see cref="QueryServiceCollectionExtensions.AddTraceBackendQuery"/>), gRPC,
    /// server reflection, the health service (all <see cref="HealthServiceNames"/> SERVING) and the two Jaeger query
    /// services. The host must register the storage interfaces as for the HTTP API. Throws
    /// <see cref="ArgumentException"/> for invalid options.
    /// </summary>
    public static IServiceCollection AddJaegerGrpcQuery(this IServiceCollection services, QueryOptions options)
    {
        services.AddTraceBackendQuery(options);
        services.AddGrpc();
        services.AddGrpcReflection();
        services.TryAddSingleton(sp => new GrpcCalls(
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("TraceBackend.Query.Grpc")));
        services.TryAddSingleton(sp => new JaegerApiV2QueryService(
            sp.GetRequiredService<TraceQueryService>(),
            sp.GetRequiredService<QueryOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<GrpcCalls>()));
        services.TryAddSingleton(sp => new JaegerApiV3QueryService(
            sp.GetRequiredService<TraceQueryService>(),
            sp.GetRequiredService<QueryOptions>(),
            sp.GetRequiredService<GrpcCalls>()));
        services.TryAddSingleton(_ =>
        {
            var health = new HealthServiceImpl();
            foreach (var name in HealthServiceNames)
            {
                health.SetStatus(name, HealthCheckResponse.Types.ServingStatus.Serving);
            }

            return health;
        });
        return services;
    }

    /// <summary>
    /// Maps <c>jaeger.api_v2.QueryService</c>, <c>jaeger.api_v3.QueryService</c>, <c>grpc.health.v1.Health</c> and
    /// server reflection. gRPC needs HTTP/2: map these on an endpoint whose listener speaks HTTP/2 (h2c without TLS).
    /// The returned builder applies conventions (e.g. <c>RequireHost("*:16685")</c>) to all of them. Requires
    /// <see cref="AddJaegerGrpcQuery"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapJaegerGrpcQuery(this IEndpointRouteBuilder routes, QueryOptions options)
    {
        options.Validate();
        return new CompositeConventionBuilder(
        [
            routes.MapGrpcService<JaegerApiV2QueryService>(),
            routes.MapGrpcService<JaegerApiV3QueryService>(),
            routes.MapGrpcService<HealthServiceImpl>(),
            routes.MapGrpcReflectionService(),
        ]);
    }

    private sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
