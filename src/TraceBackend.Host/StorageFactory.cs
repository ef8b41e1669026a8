using Microsoft.Extensions.DependencyInjection;
using TraceBackend.Host.Options;
using TraceBackend.Storage;
using TraceBackend.Storage.Memory;

namespace TraceBackend.Host;

/// <summary>The one place that names storage backends (STYLE: only the host knows them).</summary>
public static class StorageFactory
{
    public static ITraceStore Create(TraceBackendOptions options) => options.Storage switch
    {
        "memory" => new MemoryStore(new MemoryStoreOptions { MaxTraces = options.MemoryMaxTraces, MaxOperationsPerService = options.MemoryMaxOperationsPerService }),
        _ => throw new OptionsException($"--storage: unknown value '{options.Storage}'"),
    };

    /// <summary>Registers the store under every storage contract it implements.</summary>
    public static IServiceCollection AddTraceStore(this IServiceCollection services, ITraceStore store)
    {
        services.AddSingleton(store);
        services.AddSingleton<ITraceReader>(store);
        services.AddSingleton<ITraceWriter>(store);
        services.AddSingleton<IDependencyReader>(store);
        return services;
    }
}
