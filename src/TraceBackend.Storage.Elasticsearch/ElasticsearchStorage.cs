using Microsoft.Extensions.Logging;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Templates;

namespace TraceBackend.Storage.Elasticsearch;

/// <summary>Creates the Elasticsearch / OpenSearch store: connects, detects the server version, installs the index templates.</summary>
public static partial class ElasticsearchStorage
{
    /// <summary>
    /// Creates the store with its own connection pool (<see cref="ElasticsearchHttpTransport"/>, disposed with the
    /// store): detects the version (<c>GET /</c>, or <see cref="ElasticsearchOptions.Version"/>), then installs the
    /// templates when <see cref="ElasticsearchOptions.CreateIndexTemplates"/> is set.
    /// </summary>
    /// <exception cref="ElasticsearchUnavailableException">The cluster could not be reached.</exception>
    /// <exception cref="ElasticsearchException">The cluster refused the version request or a template.</exception>
    public static Task<ElasticsearchTraceStore> CreateAsync(ElasticsearchOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken) =>
        CreateAsync(options, loggerFactory, RetryPolicy.Default, cancellationToken);

    /// <summary>As <see cref="CreateAsync(ElasticsearchOptions, ILoggerFactory?, CancellationToken)"/> over a transport the caller owns (and disposes).</summary>
    public static Task<ElasticsearchTraceStore> CreateAsync(IElasticsearchTransport transport, ElasticsearchOptions options, ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken) =>
        CreateAsync(transport, ownsTransport: false, options, loggerFactory, RetryPolicy.Default, cancellationToken);

    internal static async Task<ElasticsearchTraceStore> CreateAsync(ElasticsearchOptions options, ILoggerFactory? loggerFactory, RetryPolicy retry,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = new ElasticsearchHttpTransport(options, retry, loggerFactory?.CreateLogger<ElasticsearchHttpTransport>());
        try
        {
            return await CreateAsync(transport, ownsTransport: true, options, loggerFactory, retry, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    internal static async Task<ElasticsearchTraceStore> CreateAsync(IElasticsearchTransport transport, bool ownsTransport, ElasticsearchOptions options,
        ILoggerFactory? loggerFactory, RetryPolicy retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        var server = await ServerInfoDetector.DetectAsync(transport, options, cancellationToken).ConfigureAwait(false);
        if (options.CreateIndexTemplates)
        {
            await IndexTemplateInstaller.EnsureTemplatesAsync(transport, server, options, cancellationToken).ConfigureAwait(false);
        }

        var logger = loggerFactory?.CreateLogger(typeof(ElasticsearchStorage).FullName!);
        if (logger is not null)
        {
            LogConnected(logger, server.ToString(), string.Join(", ", options.ServerUrls), options.CreateIndexTemplates);
        }

        return new ElasticsearchTraceStore(transport, server, options, loggerFactory, ownsTransport, retry);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Elasticsearch store on {Server} at {Urls} (templates installed: {Templates})")]
    private static partial void LogConnected(ILogger logger, string server, string urls, bool templates);
}
