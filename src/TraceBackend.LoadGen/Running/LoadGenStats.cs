using TraceBackend.LoadGen.Otlp;
using TraceBackend.LoadGen.Sending;

namespace TraceBackend.LoadGen.Running;

/// <summary>Live counters of a run (see <see cref="LoadGenSummary"/> for their meaning). Thread-safe.</summary>
public sealed class LoadGenStats
{
    private long _traces;
    private long _requests;
    private long _failedRequests;
    private long _sent;
    private long _acked;
    private long _rejected;
    private long _failed;
    private long _aborted;
    private long _retries;

    public LatencyRecorder Latencies { get; } = new();

    public long AckedSpans => Interlocked.Read(ref _acked);

    public void TraceGenerated() => Interlocked.Increment(ref _traces);

    public void RequestStarted(OtlpBatch batch)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _sent, batch.SpanCount);
    }

    public void RequestFinished(OtlpBatch batch, ExportOutcome outcome)
    {
        Interlocked.Add(ref _retries, outcome.Retries);
        switch (outcome.Kind)
        {
            case ExportOutcomeKind.Acked:
                var rejected = Math.Clamp(outcome.RejectedSpans, 0, batch.SpanCount);
                Interlocked.Add(ref _rejected, rejected);
                Interlocked.Add(ref _acked, batch.SpanCount - rejected);
                Latencies.Record(outcome.LatencyMs);
                break;
            case ExportOutcomeKind.Failed:
                Interlocked.Increment(ref _failedRequests);
                Interlocked.Add(ref _failed, batch.SpanCount);
                break;
            default:
                Interlocked.Add(ref _aborted, batch.SpanCount);
                break;
        }
    }

    public LoadGenSummary Snapshot(ulong seed, TimeSpan elapsed) => new()
    {
        Seed = seed,
        TracesGenerated = Interlocked.Read(ref _traces),
        Requests = Interlocked.Read(ref _requests),
        FailedRequests = Interlocked.Read(ref _failedRequests),
        SentSpans = Interlocked.Read(ref _sent),
        AckedSpans = Interlocked.Read(ref _acked),
        RejectedSpans = Interlocked.Read(ref _rejected),
        FailedSpans = Interlocked.Read(ref _failed),
        AbortedSpans = Interlocked.Read(ref _aborted),
        Retries = Interlocked.Read(ref _retries),
        Elapsed = elapsed,
        P50Ms = Latencies.Percentile(50),
        P99Ms = Latencies.Percentile(99),
    };
}
