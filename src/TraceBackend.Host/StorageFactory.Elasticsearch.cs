using Microsoft.Extensions.Logging;
using TraceBackend.Host.Options;
using TraceBackend.Storage;
using TraceBackend.Storage.Elasticsearch;
using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Host;

/// <summary><c>--storage elasticsearch</c> (or <c>opensearch</c>): the <c>--es-*</c> settings onto the store.</summary>
public static partial class StorageFactory
{
    private static async Task<ITraceStore> OpenElasticsearchAsync(ElasticsearchOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        try
        {
            return await ElasticsearchStorage.CreateAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ElasticsearchException or ElasticsearchUnavailableException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new OptionsException($"--es-server-urls: cannot use {string.Join(",", options.ServerUrls)}: {OneLine(e.Message)}");
        }
    }
}
