using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TraceBackend.Storage;
using TraceBackend.Model;

namespace TraceBackend.Collector.Pipeline;

/// <summary>
/// The bounded ingest queue between the transports and storage, with group commit.
/// <list type="bullet">
/// <item>Bounded in spans: a span counts against <see cref="CollectorOptions.QueueCapacitySpans"/> from
/// acceptance until its storage write has finished (the write in progress included), so memory stays
/// bounded. A submission that would exceed the capacity is refused, except when nothing is queued: then it
/// is accepted whatever its size, so a request larger than the whole capacity cannot starve (the
/// transports' size limits bound it).</item>
/// <item>One background consumer merges queued submissions, in arrival order, into writes of up to
/// <see cref="CollectorOptions.MaxBatchSpans"/> spans (a larger submission is written in slices of that
/// size). Submissions arriving while a write runs form the next write.</item>
/// <item>Each submission's task completes when all its spans are written, or faults with the storage
/// error (nothing of it may be assumed stored; the sender should retry). A failure does not stop the
/// consumer.</item>
/// <item>Stopping refuses new submissions (<see cref="SubmitStatus.ShuttingDown"/>) and writes everything
/// already accepted before <see cref="StopAsync"/> returns, unless the host's stop token fires first: then
/// the write in progress is cancelled and what was not written faults with
/// <see cref="IngestAbortedException"/>.</item>
/// </list>
/// </summary>
public sealed class IngestPipeline : BackgroundService
{
    private readonly ITraceWriter _writer;
    private readonly CollectorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly int _maxBatch;
    private readonly Channel<PendingBatch> _queue =
        Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    // Guards _queuedSpans, _stopping and writes to _queue, so the capacity check and the enqueue are atomic
    // and nothing is enqueued after the queue is completed.
    private readonly Lock _gate = new();
    private long _queuedSpans;
    private bool _stopping;
    private long _drainedSpans;

    public IngestPipeline(ITraceWriter writer, CollectorOptions options, CollectorMetrics metrics, ILogger<IngestPipeline> logger)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _writer = writer;
        _metrics = metrics;
        _logger = logger;
        _capacity = options.QueueCapacitySpans;
        _maxBatch = options.MaxBatchSpans;
        _metrics.SetQueue(0, _capacity);
    }

    public int CapacitySpans => _capacity;

    /// <summary>Spans accepted and not yet written (the write in progress included).</summary>
    public long QueuedSpans
    {
        get
        {
            lock (_gate)
            {
                return _queuedSpans;
            }
        }
    }

    /// <summary>
    /// Offers spans for storage. On <see cref="SubmitStatus.Accepted"/>, <paramref name="written"/> completes
    /// when they are all written, or faults when the write failed; otherwise it is a completed task to ignore.
    /// The list must not change afterwards. An empty list is accepted at once, even while stopping (nothing
    /// to store, so a request whose spans were all rejected still gets its partial-success answer).
    /// </summary>
    public SubmitStatus TrySubmit(IReadOnlyList<Span> spans, out Task written)
    {
        ArgumentNullException.ThrowIfNull(spans);
        written = Task.CompletedTask;
        if (spans.Count == 0)
        {
            return SubmitStatus.Accepted;
        }

        var batch = new PendingBatch(spans);
        long queued;
        lock (_gate)
        {
            if (_stopping)
            {
                return SubmitStatus.ShuttingDown;
            }

            if (_queuedSpans > 0 && _queuedSpans + spans.Count > _capacity)
            {
                return SubmitStatus.QueueFull;
            }

            _queuedSpans += spans.Count;
            queued = _queuedSpans;
            _queue.Writer.TryWrite(batch);
        }

        _metrics.SetQueue(queued, _capacity);
        written = batch.Written;
        return SubmitStatus.Accepted;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopping = true;
            _queue.Writer.TryComplete();
        }

        var consumer = ExecuteTask;
        if (consumer is not null && !consumer.IsCompleted)
        {
            // When the host's token fires first, base.StopAsync cancels the write in progress and the
            // consumer faults whatever was not written.
            await consumer.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (consumer.IsCompletedSuccessfully)
            {
                CollectorLog.Drained(_logger, Interlocked.Read(ref _drainedSpans));
            }
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var group = new List<PendingBatch>();
        var buffer = new List<Span>(Math.Min(_maxBatch, 1024));
        PendingBatch? carry = null;
        try
        {
            while (true)
            {
                if (carry is null)
                {
                    if (!await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    if (!_queue.Reader.TryRead(out carry))
                    {
                        continue;
                    }
                }

                group.Add(carry);
                var total = carry.Count;
                carry = null;
                while (total < _maxBatch && _queue.Reader.TryRead(out var next))
                {
                    if (total + next.Count > _maxBatch)
                    {
                        carry = next;
                        break;
                    }

                    group.Add(next);
                    total += next.Count;
                }

                await WriteGroupAsync(group, buffer, total, stoppingToken).ConfigureAwait(false);
                group.Clear();
                buffer.Clear();
            }
        }
        finally
        {
            AbortRemaining(group, carry);
        }
    }

    /// <summary>Writes the group and settles its submitters; only cancellation of the host escapes.</summary>
    private async Task WriteGroupAsync(List<PendingBatch> group, List<Span> buffer, int total, CancellationToken stoppingToken)
    {
        try
        {
            if (group.Count == 1)
            {
                var spans = group[0].Spans;
                for (var offset = 0; offset < spans.Count; offset += _maxBatch)
                {
                    var count = Math.Min(_maxBatch, spans.Count - offset);
                    IReadOnlyList<Span> chunk = count == spans.Count ? spans : new SpanSlice(spans, offset, count);
                    await _writer.WriteAsync(chunk, stoppingToken).ConfigureAwait(false);
                    _metrics.AddWritten(count);
                }
            }
            else
            {
                foreach (var batch in group)
                {
                    buffer.AddRange(batch.Spans);
                }

                await _writer.WriteAsync(buffer, stoppingToken).ConfigureAwait(false);
                _metrics.AddWritten(total);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _metrics.AddWriteFailure();
            CollectorLog.StorageWriteFailed(_logger, total, ex);
            Settle(group, ex);
            return;
        }

        if (_stopping)
        {
            Interlocked.Add(ref _drainedSpans, total);
        }

        Settle(group, null);
    }

    /// <summary>Releases the group's capacity, then completes or faults its submitters.</summary>
    private void Settle(List<PendingBatch> group, Exception? failure)
    {
        long released = 0;
        foreach (var batch in group)
        {
            released += batch.Count;
        }

        Release(released);
        foreach (var batch in group)
        {
            if (failure is null)
            {
                batch.Complete();
            }
            else
            {
                batch.Fail(failure);
            }
        }

        group.Clear();
    }

    private void Release(long spans)
    {
        long queued;
        lock (_gate)
        {
            _queuedSpans -= spans;
            queued = _queuedSpans;
        }

        _metrics.SetQueue(queued, _capacity);
    }

    /// <summary>Faults everything accepted but not written (host abort, or the consumer failed).</summary>
    private void AbortRemaining(List<PendingBatch> group, PendingBatch? carry)
    {
        if (carry is not null)
        {
            group.Add(carry);
        }

        lock (_gate)
        {
            _stopping = true;
            _queue.Writer.TryComplete();
        }

        while (_queue.Reader.TryRead(out var batch))
        {
            group.Add(batch);
        }

        if (group.Count == 0)
        {
            return;
        }

        long lost = 0;
        foreach (var batch in group)
        {
            lost += batch.Count;
        }

        CollectorLog.Aborted(_logger, lost);
        Settle(group, new IngestAbortedException());
    }
}
