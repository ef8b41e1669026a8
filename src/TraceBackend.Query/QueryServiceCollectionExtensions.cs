using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraceBackend.Query.ApiV3;
using TraceBackend.Query.V1;
using TraceBackend.Storage;

namespace TraceBackend.Query;

public static class QueryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the query API services. The host must register <see cref="ITraceReader"/>,
    /// <see cref="IDependencyReader"/> and <see cref="ITraceStore"/>; <see cref="TimeProvider"/> defaults to the
    /// system clock. Throws <see cref="ArgumentException"/> for invalid options.
    /// </summary>
    public static IServiceCollection AddTraceBackendQuery(this IServiceCollection services, QueryOptions options)
    {
        options.Validate();
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TraceQueryService(
            sp.GetRequiredService<ITraceReader>(),
            sp.GetRequiredService<IDependencyReader>(),
            sp.GetRequiredService<ITraceStore>()));
        services.TryAddSingleton(sp => new ApiErrors(
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("TraceBackend.Query")));
        services.TryAddSingleton(sp => new V1Api(
            sp.GetRequiredService<TraceQueryService>(),
            sp.GetRequiredService<QueryOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ApiErrors>()));
        services.TryAddSingleton(sp => new V3Api(
            sp.GetRequiredService<TraceQueryService>(),
            sp.GetRequiredService<QueryOptions>(),
            sp.GetRequiredService<ApiErrors>()));
        return services;
    }
}
