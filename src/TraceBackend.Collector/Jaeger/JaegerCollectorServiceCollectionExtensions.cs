using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Jaeger;

public static class JaegerCollectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Jaeger gRPC collector input: <see cref="JaegerProtoConverter"/> (sharing the OTLP converter's
    /// key pool), <see cref="JaegerGrpcCollectorService"/> bound by <see cref="JaegerCollectorServiceMethodProvider"/>,
    /// and the gRPC receive limit <see cref="CollectorOptions.GrpcMaxReceiveMessageBytes"/> for it. Call after
    /// <see cref="CollectorServiceCollectionExtensions.AddTraceBackendCollector"/> (which provides the options, the
    /// ingest service and gRPC). Map it with <see cref="JaegerCollectorEndpointRouteBuilderExtensions.MapJaegerGrpcCollector"/>.
    /// </summary>
    public static IServiceCollection AddJaegerGrpcCollector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(static sp => new JaegerProtoConverter(sp.GetRequiredService<OtlpConverter>().Keys));
        services.TryAddSingleton<JaegerGrpcCollectorService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<JaegerGrpcCollectorService>, JaegerCollectorServiceMethodProvider>());
        services.AddGrpc();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<GrpcServiceOptions<JaegerGrpcCollectorService>>, ConfigureJaegerGrpcOptions>());
        return services;
    }
}
