using TraceBackend.Otlp;
using TraceBackend.Collector.Pipeline;

namespace TraceBackend.Collector;

/// <summary>
/// The one ingest path behind every transport: counts rejected spans, submits the valid ones to the
/// <see cref="IngestPipeline"/> and waits until they are stored. A transport acknowledges its client only
/// when this returns <see cref="IngestResult.Stored"/>, so an acknowledged span is in storage.
/// </summary>
public sealed class TraceIngestService
{
    private readonly IngestPipeline _pipeline;
    private readonly CollectorMetrics _metrics;

    public TraceIngestService(IngestPipeline pipeline, CollectorMetrics metrics)
    {
        _pipeline = pipeline;
        _metrics = metrics;
    }

    /// <summary>
    /// Stores the valid spans of <paramref name="converted"/>. Cancelling (the client went away) stops the
    /// wait, not the write.
    /// </summary>
    public async ValueTask<IngestResult> IngestAsync(OtlpConversionResult converted, CollectorTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(converted);
        if (converted.RejectedSpans > 0)
        {
            for (var r = 0; r < RejectReasonNames.Count; r++)
            {
                var count = converted.RejectedFor((RejectReason)r);
                if (count > 0)
                {
                    _metrics.AddRejected(transport, (RejectReason)r, count);
                }
            }
        }

        var spans = converted.Spans;
        switch (_pipeline.TrySubmit(spans, out var written))
        {
            case SubmitStatus.QueueFull:
                _metrics.AddRefused(transport, RefuseReason.QueueFull, spans.Count);
                return IngestResult.QueueFull;
            case SubmitStatus.ShuttingDown:
                _metrics.AddRefused(transport, RefuseReason.ShuttingDown, spans.Count);
                return IngestResult.ShuttingDown;
        }

        try
        {
            await written.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            // The pipeline has logged the storage error once for the whole group.
            _metrics.AddRefused(transport, RefuseReason.StorageError, spans.Count);
            return IngestResult.StorageFailed;
        }

        _metrics.AddAccepted(transport, spans.Count);
        return IngestResult.Stored;
    }
}
