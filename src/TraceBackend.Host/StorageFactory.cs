using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceBackend.Host.Options;
using TraceBackend.Storage;
using TraceBackend.Storage.Embedded;
using TraceBackend.Storage.Memory;

namespace TraceBackend.Host;

/// <summary>The one place that names storage backends (STYLE: only the host knows them).</summary>
public static partial class StorageFactory
{
    /// <summary>
    /// Opens the store named by <see cref="TraceBackendOptions.Storage"/>. The caller owns it and must
    /// <see cref="CloseAsync"/> it after the last write (for the embedded store: after the ingest pipeline has
    /// drained). A data directory that cannot be opened — in use by another process, not writable, not a directory —
    /// throws <see cref="OptionsException"/> with one line naming the path.
    /// </summary>
    public static async Task<ITraceStore> OpenAsync(TraceBackendOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        switch (options.Storage)
        {
            case "memory":
                return new MemoryStore(new MemoryStoreOptions { MaxTraces = options.MemoryMaxTraces, MaxOperationsPerService = options.MemoryMaxOperationsPerService });
            case "embedded":
                var path = FullStoragePath(options);
                var embedded = new EmbeddedStoreOptions
                {
                    Path = path,
                    WalSync = options.WalSync,
                    Retention = options.Retention,
                    TraceIdlePeriod = options.StorageTraceIdlePeriod,
                    MaxHeadSpans = options.StorageMaxHeadSpans,
                };
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return await EmbeddedStore.OpenAsync(embedded, loggerFactory, TimeProvider.System).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    throw new OptionsException($"--storage-path: cannot open '{path}': {OneLine(e.Message)}");
                }

            case "cassandra":
                return await OpenCassandraAsync(options.Cassandra, loggerFactory, cancellationToken).ConfigureAwait(false);
            case "elasticsearch":
                return await OpenElasticsearchAsync(options.Elasticsearch, loggerFactory, cancellationToken).ConfigureAwait(false);
            default:
                throw new OptionsException($"--storage: unknown value '{options.Storage}'");
        }
    }

    /// <summary>Closes a store opened by <see cref="OpenAsync"/>: the embedded store flushes and releases its directory.</summary>
    public static async ValueTask CloseAsync(ITraceStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>
    /// Writes everything the store holds in memory to its files and compacts them now (<c>POST /debug/compact</c>):
    /// for the embedded store, cuts every head trace into a block, then runs one compaction and retention pass.
    /// False if the store keeps nothing on disk.
    /// </summary>
    public static async Task<bool> FlushAndCompactAsync(ITraceStore store, CancellationToken cancellationToken = default)
    {
        if (store is not EmbeddedStore embedded)
        {
            return false;
        }

        await embedded.FlushAsync(cancellationToken).ConfigureAwait(false);
        await embedded.CompactAsync(closeAllWindows: true, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>For the startup banner: <c>memory</c>, <c>embedded at /abs/path</c>, <c>cassandra keyspace k at h1,h2</c>, <c>elasticsearch at URLs</c>.</summary>
    public static string Describe(TraceBackendOptions options) => options.Storage switch
    {
        "embedded" => $"embedded at {FullStoragePath(options)}",
        "cassandra" => $"cassandra keyspace {options.Cassandra.Keyspace} at {string.Join(",", options.Cassandra.Servers)}",
        "elasticsearch" => $"elasticsearch at {string.Join(",", options.Elasticsearch.ServerUrls)}" + (options.Elasticsearch.IndexPrefix.Length > 0 ? $" (index prefix {options.Elasticsearch.IndexPrefix})" : ""),
        _ => options.Storage,
    };

    /// <summary><see cref="TraceBackendOptions.StoragePath"/> resolved against the working directory.</summary>
    public static string FullStoragePath(TraceBackendOptions options) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.StoragePath));

    /// <summary>Registers the store under every storage contract it implements.</summary>
    public static IServiceCollection AddTraceStore(this IServiceCollection services, ITraceStore store)
    {
        services.AddSingleton(store);
        services.AddSingleton<ITraceReader>(store);
        services.AddSingleton<ITraceWriter>(store);
        services.AddSingleton<IDependencyReader>(store);
        return services;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
