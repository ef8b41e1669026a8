using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace TraceBackend.Collector.Jaeger;

/// <summary>Applies <see cref="CollectorOptions.GrpcMaxReceiveMessageBytes"/> to the Jaeger collector service, as for OTLP/gRPC.</summary>
internal sealed class ConfigureJaegerGrpcOptions(CollectorOptions options) : IConfigureOptions<GrpcServiceOptions<JaegerGrpcCollectorService>>
{
    public void Configure(GrpcServiceOptions<JaegerGrpcCollectorService> serviceOptions) =>
        serviceOptions.MaxReceiveMessageSize = options.GrpcMaxReceiveMessageBytes;
}
