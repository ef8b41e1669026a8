using System.Diagnostics;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace TraceBackend.LoadGen.Sending;

/// <summary>Sends a request through a transport, retrying retryable failures per <see cref="RetryPolicy"/>. Thread-safe.</summary>
public sealed class RetryingExporter
{
    private readonly IOtlpTransport _transport;
    private readonly RetryPolicy _policy;
    private readonly TimeSpan _requestTimeout;

    public RetryingExporter(IOtlpTransport transport, RetryPolicy policy, TimeSpan requestTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestTimeout, TimeSpan.Zero);
        _transport = transport;
        _policy = policy;
        _requestTimeout = requestTimeout;
    }

    /// <summary>Never throws for transport problems; cancellation yields <see cref="ExportOutcomeKind.Aborted"/>.</summary>
    public async Task<ExportOutcome> ExportAsync(ExportTraceServiceRequest request, CancellationToken cancellationToken)
    {
        var retries = 0;
        while (true)
        {
            ExportAttempt attempt;
            var started = Stopwatch.GetTimestamp();
            try
            {
                attempt = await _transport.ExportAsync(request, _requestTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new ExportOutcome(ExportOutcomeKind.Aborted, 0, retries, 0, "cancelled");
            }

            switch (attempt.Kind)
            {
                case ExportAttemptKind.Success:
                    var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    return new ExportOutcome(ExportOutcomeKind.Acked, attempt.RejectedSpans, retries, latency, null);
                case ExportAttemptKind.Permanent:
                    return new ExportOutcome(ExportOutcomeKind.Failed, 0, retries, 0, attempt.Error);
            }

            if (retries >= _policy.MaxRetries)
            {
                return new ExportOutcome(ExportOutcomeKind.Failed, 0, retries, 0, $"{attempt.Error} (gave up after {retries} retries)");
            }

            var delay = _policy.DelayBeforeRetry(retries + 1, attempt.RetryAfter, Random.Shared.NextDouble());
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new ExportOutcome(ExportOutcomeKind.Aborted, 0, retries, 0, "cancelled");
            }

            // Counted when the re-send actually happens.
            retries++;
        }
    }
}
