using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Documents;
using TraceBackend.Storage.Elasticsearch.Indices;
using TraceBackend.Storage.Elasticsearch.Reading;
using TraceBackend.Storage.Elasticsearch.Writing;

namespace TraceBackend.Storage.Elasticsearch;

/// <summary>
/// The Elasticsearch / OpenSearch store on Jaeger's index layout (reference §4): spans in <c>[prefix-]jaeger-span-YYYY-MM-DD</c> by start date (or the
/// <c>-write</c>/<c>-read</c> aliases), service/operation documents in <c>jaeger-service-*</c>, dependency snapshots
/// in <c>jaeger-dependencies-*</c>. Data written by Jaeger is readable and data written here is readable by Jaeger.
/// Dependencies are read from snapshots (<see cref="IDependencyWriter"/>, written by the dependencies job through
/// <see cref="ITraceScanner"/>), not computed from spans. Create it with <see cref="ElasticsearchStorage.CreateAsync(ElasticsearchOptions, ILoggerFactory?, CancellationToken)"/>;
/// dispose it to flush pending writes. Thread-safe.
/// </summary>
public sealed partial class ElasticsearchTraceStore : ITraceStore, IDependencyWriter, ITraceScanner, IAsyncDisposable
{
    /// <summary>
    /// Trace IDs asked from the search aggregation per trace to return. Elasticsearch evaluates the conditions on single
    /// span documents, as the contract does, so its matches differ from <see cref="SpanMatcher"/>'s only at the edges
    /// (binary tag values, values beyond the keyword limit); the extra IDs replace traces the post-filter drops.
    /// </summary>
    internal const int SearchOverFetchFactor = 2;

    /// <summary>Composite aggregation page size of <see cref="ScanTraceIdsAsync"/>.</summary>
    internal const int ScanPageSize = 1000;

    /// <summary>Jaeger's mappings index keyword values up to 256 characters; longer values cannot be searched.</summary>
    internal const int KeywordIgnoreAbove = 256;

    private readonly IElasticsearchTransport _transport;
    private readonly bool _ownsTransport;
    private readonly ElasticsearchOptions _options;
    private readonly IndexNames _names;
    private readonly TagFieldPolicy _policy;
    private readonly BulkIndexer _indexer;
    private readonly ServiceOperationCache _serviceCache;
    private readonly TraceFetcher _fetcher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal ElasticsearchTraceStore(IElasticsearchTransport transport, ElasticsearchServerInfo server, ElasticsearchOptions options,
        ILoggerFactory? loggerFactory, bool ownsTransport, RetryPolicy? retry = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxDocCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDocCount, "MaxDocCount must be positive");
        }

        _transport = transport;
        _ownsTransport = ownsTransport;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = loggerFactory?.CreateLogger<ElasticsearchTraceStore>() ?? NullLogger<ElasticsearchTraceStore>.Instance;
        Server = server;
        _names = new IndexNames(options.IndexPrefix, options.UseAliases);
        _policy = new TagFieldPolicy(options);
        Codec = new SpanDocumentCodec(_policy);
        _serviceCache = new ServiceOperationCache(options.ServiceCacheTtl, _time);
        _fetcher = new TraceFetcher(transport, _names, _policy, options.MaxDocCount, _logger);
        _indexer = new BulkIndexer(transport, BulkIndexerSettings.From(options, retry ?? RetryPolicy.Default), WriteStatistics, _logger, _time);
    }

    /// <summary>The server and version the store talks to (detected or configured).</summary>
    public ElasticsearchServerInfo Server { get; }

    public StorageCapabilities Capabilities { get; } = new() { SearchWithoutServiceName = true, Durable = true };

    /// <summary>Counters of the bulk writer (stored, retried, rejected, unavailable items).</summary>
    public ElasticsearchWriteStatistics WriteStatistics { get; } = new();

    /// <summary>The document codec of this store's configuration (what a written span reads back as).</summary>
    internal SpanDocumentCodec Codec { get; }

    internal IndexNames Names => _names;

    /// <summary>Sends the writes still pending, then releases the connection pool (when the store created it).</summary>
    public async ValueTask DisposeAsync()
    {
        await _indexer.DisposeAsync().ConfigureAwait(false);
        if (_ownsTransport && _transport is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private string SearchPath(IReadOnlyList<string> indices, string wildcardBase) =>
        "/" + IndexTargets.ForPath(indices, wildcardBase) + "/_search?ignore_unavailable=true";
}
