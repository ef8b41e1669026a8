using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Writing;

/// <summary>
/// Collects bulk items from concurrent write calls into <c>_bulk</c> requests, as Jaeger's bulk processor does: a
/// request is sealed when it holds <see cref="BulkIndexerSettings.Actions"/> items or
/// <see cref="BulkIndexerSettings.Bytes"/> bytes, and whatever is pending is sealed every
/// <see cref="BulkIndexerSettings.FlushInterval"/>. <see cref="BulkIndexerSettings.Workers"/> requests are in flight
/// at most; at most as many more wait sealed, and a write call that seals one beyond waits for room (backpressure).
/// Unlike Jaeger's, every item's outcome is reported to its <see cref="BulkCompletion"/> (see <c>SendAsync</c>).
/// </summary>
internal sealed partial class BulkIndexer : IAsyncDisposable
{
    private readonly IElasticsearchTransport _transport;
    private readonly BulkIndexerSettings _settings;
    private readonly ElasticsearchWriteStatistics _statistics;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Channel<List<BulkItem>> _sealed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private readonly Task _flusher;
    private List<BulkItem> _pending = [];
    private long _pendingBytes;
    private bool _disposed;

    public BulkIndexer(IElasticsearchTransport transport, BulkIndexerSettings settings, ElasticsearchWriteStatistics statistics, ILogger logger,
        TimeProvider time)
    {
        _transport = transport;
        _settings = settings;
        _statistics = statistics;
        _logger = logger;
        _sealed = Channel.CreateBounded<List<BulkItem>>(new BoundedChannelOptions(settings.Workers) { FullMode = BoundedChannelFullMode.Wait });
        _workers = [.. Enumerable.Range(0, settings.Workers).Select(_ => Task.Run(RunWorkerAsync))];
        _flusher = Task.Run(() => RunFlusherAsync(time));
    }

    /// <summary>Queues the items; their outcomes arrive through their <see cref="BulkItem.Owner"/>.</summary>
    /// <exception cref="ObjectDisposedException">The indexer is shutting down.</exception>
    public async ValueTask AddAsync(IReadOnlyList<BulkItem> items)
    {
        List<List<BulkItem>>? full = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var item in items)
            {
                _pending.Add(item);
                _pendingBytes += item.Payload.Length;
                if (_pending.Count >= _settings.Actions || _pendingBytes >= _settings.Bytes)
                {
                    (full ??= []).Add(TakePending());
                }
            }
        }

        if (full is not null)
        {
            foreach (var batch in full)
            {
                await EnqueueAsync(batch).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<BulkItem>? last;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            last = _pending.Count > 0 ? TakePending() : null;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _flusher.ConfigureAwait(false);
        if (last is not null)
        {
            await EnqueueAsync(last).ConfigureAwait(false);
        }

        _sealed.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Called under the lock.</summary>
    private List<BulkItem> TakePending()
    {
        var batch = _pending;
        _pending = [];
        _pendingBytes = 0;
        return batch;
    }

    /// <summary>Hands a sealed batch to the workers; never cancelled, since its items must be resolved either way.</summary>
    private async ValueTask EnqueueAsync(List<BulkItem> batch)
    {
        try
        {
            await _sealed.Writer.WriteAsync(batch).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            Fail(batch, new ObjectDisposedException(nameof(BulkIndexer), "the Elasticsearch bulk writer was shut down before the items were sent"));
        }
    }

    private async Task RunFlusherAsync(TimeProvider time)
    {
        using var timer = new PeriodicTimer(_settings.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                List<BulkItem>? batch = null;
                lock (_lock)
                {
                    if (_pending.Count > 0)
                    {
                        batch = TakePending();
                    }
                }

                if (batch is not null)
                {
                    await EnqueueAsync(batch).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposal: the last pending items are sealed by DisposeAsync
        }
    }

    private async Task RunWorkerAsync()
    {
        await foreach (var batch in _sealed.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await SendAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // SendAsync resolves every item itself; this only guards against a bug leaving callers waiting forever.
                LogUnexpected(_logger, ex);
                Fail(batch, ex);
            }
        }
    }

    private void Fail(List<BulkItem> items, Exception error)
    {
        if (error is ElasticsearchUnavailableException or ObjectDisposedException)
        {
            _statistics.AddUnavailable(items.Count);
        }
        else
        {
            _statistics.AddRejected(items.Count);
        }

        foreach (var item in items)
        {
            item.Fail(error);
        }
    }
}
