using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Grpc.AspNetCore.Server.Model;
using TraceBackend.Collector.Grpc;
using TraceBackend.Collector.Http;
using TraceBackend.Otlp;
using TraceBackend.Collector.Pipeline;
using TraceBackend.Storage;

namespace TraceBackend.Collector;

public static class CollectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the OTLP collector path: options, metrics, converter, protobuf and JSON decoders, the ingest pipeline
    /// (a singleton that is also the hosted service draining it on stop), the ingest service, the HTTP
    /// handler, and gRPC with the OTLP trace service bound by <see cref="OtlpTraceServiceMethodProvider"/> (custom
    /// marshaller: payload decoded directly to model spans) and <see cref="CollectorOptions.GrpcMaxReceiveMessageBytes"/> for the OTLP trace
    /// service (gzip request compression is supported by Grpc.AspNetCore's default providers). Storage: an
    /// <see cref="ITraceWriter"/> registered by the host, or else its <see cref="ITraceStore"/>.
    /// Endpoints are mapped by <see cref="CollectorEndpointRouteBuilderExtensions"/>.
    /// </summary>
    public static IServiceCollection AddTraceBackendCollector(this IServiceCollection services, CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        services.TryAddSingleton(options);
        services.TryAddSingleton<CollectorMetrics>();
        services.TryAddSingleton<OtlpConverter>();
        services.TryAddSingleton<OtlpJsonDecoder>();
        services.TryAddSingleton(static sp => new OtlpProtobufDecoder(sp.GetRequiredService<OtlpConverter>()));
        services.TryAddSingleton(sp => new IngestPipeline(
            ResolveWriter(sp),
            sp.GetRequiredService<CollectorOptions>(),
            sp.GetRequiredService<CollectorMetrics>(),
            sp.GetRequiredService<ILogger<IngestPipeline>>()));
        services.AddHostedService(sp => sp.GetRequiredService<IngestPipeline>());
        services.TryAddSingleton<TraceIngestService>();
        services.TryAddSingleton<OtlpHttpHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<OtlpGrpcTraceService>, OtlpTraceServiceMethodProvider>());
        services.AddGrpc().AddServiceOptions<OtlpGrpcTraceService>(o => o.MaxReceiveMessageSize = options.GrpcMaxReceiveMessageBytes);
        return services;
    }

    private static ITraceWriter ResolveWriter(IServiceProvider services) =>
        services.GetService<ITraceWriter>()
        ?? services.GetService<ITraceStore>()
        ?? throw new InvalidOperationException("The collector needs an ITraceWriter or ITraceStore service to store spans.");
}
