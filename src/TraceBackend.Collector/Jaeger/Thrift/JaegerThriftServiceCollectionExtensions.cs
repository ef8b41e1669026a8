using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Jaeger.Thrift;

public static class JaegerThriftServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="JaegerAgentUdpListener"/> per configured endpoint of <paramref name="options"/>
    /// (compact, binary), each as a hosted service and as a <see cref="JaegerAgentUdpListener"/> singleton (resolve
    /// <c>IEnumerable&lt;JaegerAgentUdpListener&gt;</c> to find the bound ports). Call after
    /// <see cref="CollectorServiceCollectionExtensions.AddTraceBackendCollector"/>. Throws when the options are invalid.
    /// </summary>
    public static IServiceCollection AddJaegerAgentUdp(this IServiceCollection services, JaegerAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Add(services, ThriftProtocol.Compact, options.CompactEndpoint, options);
        Add(services, ThriftProtocol.Binary, options.BinaryEndpoint, options);
        return services;
    }

    private static void Add(IServiceCollection services, ThriftProtocol protocol, System.Net.IPEndPoint? endpoint, JaegerAgentOptions options)
    {
        if (endpoint is null)
        {
            return;
        }

        var listener = (IServiceProvider sp) => new JaegerAgentUdpListener(
            protocol, endpoint, options, sp.GetRequiredService<TraceIngestService>(), sp.GetRequiredService<CollectorMetrics>(),
            sp.GetRequiredService<OtlpConverter>().Keys, sp.GetRequiredService<ILogger<JaegerAgentUdpListener>>());
        var descriptor = ServiceDescriptor.Singleton(listener);
        services.Add(descriptor);
        services.AddSingleton<IHostedService>(sp => sp.GetServices<JaegerAgentUdpListener>()
            .First(l => l.Protocol == protocol));
    }
}
