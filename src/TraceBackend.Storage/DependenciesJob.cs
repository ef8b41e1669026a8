using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>
/// Computes the dependency links of one period from stored spans and stores them as a snapshot — what Jaeger needs
/// the separate spark-dependencies batch job for. For every trace with a span starting in [start, end) it loads the
/// whole trace and counts each parent→child call whose child span starts in the period (so consecutive periods
/// count every call once), then writes the links under the period's start (<see cref="IDependencyWriter"/>
/// replaces an earlier snapshot of the same period, so reruns and a second replica are harmless).
/// Memory: the IDs of one period's traces, and <see cref="TraceBatch"/> traces at a time.
/// </summary>
public sealed class DependenciesJob
{
    /// <summary>Traces loaded per <see cref="ITraceReader.GetTracesAsync"/> call.</summary>
    public const int TraceBatch = 100;

    private readonly ITraceScanner _scanner;
    private readonly ITraceReader _reader;
    private readonly IDependencyWriter _writer;

    public DependenciesJob(ITraceScanner scanner, ITraceReader reader, IDependencyWriter writer)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        _scanner = scanner;
        _reader = reader;
        _writer = writer;
    }

    /// <summary>True when <paramref name="store"/> stores snapshots and can list a period's traces.</summary>
    public static bool Supports(ITraceStore store) => store is ITraceScanner and IDependencyWriter;

    /// <summary>The start of the period of length <paramref name="interval"/> holding <paramref name="time"/>; periods are aligned to the Unix epoch (UTC).</summary>
    public static DateTimeOffset PeriodStart(DateTimeOffset time, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "the period must be positive");
        }

        var sinceEpoch = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(sinceEpoch - (((sinceEpoch % interval.Ticks) + interval.Ticks) % interval.Ticks));
    }

    /// <summary>Computes and stores the links of [<paramref name="start"/>, <paramref name="end"/>) under <paramref name="start"/>.</summary>
    public async ValueTask<DependenciesJobResult> RunAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        if (end <= start)
        {
            throw new ArgumentException($"empty period [{start:O}, {end:O})", nameof(end));
        }

        var seen = new HashSet<TraceId>();
        var batch = new List<TraceGetRequest>(TraceBatch);
        var calculator = new DependencyCalculator();
        var (startNanos, endNanos) = (UnixTime.ToNanos(start), UnixTime.ToNanos(end));
        var traces = 0;
        await foreach (var traceId in _scanner.ScanTraceIdsAsync(start, end, cancellationToken).ConfigureAwait(false))
        {
            if (!seen.Add(traceId))
            {
                continue;
            }

            batch.Add(new TraceGetRequest(traceId, start, end));
            if (batch.Count == TraceBatch)
            {
                traces += await AddBatchAsync(batch, calculator, startNanos, endNanos, cancellationToken).ConfigureAwait(false);
            }
        }

        traces += await AddBatchAsync(batch, calculator, startNanos, endNanos, cancellationToken).ConfigureAwait(false);
        var links = calculator.ToLinks();
        await _writer.WriteDependenciesAsync(start, links, cancellationToken).ConfigureAwait(false);
        ulong calls = 0;
        foreach (var link in links)
        {
            calls += link.CallCount;
        }

        return new DependenciesJobResult(traces, links.Count, calls);
    }

    private async ValueTask<int> AddBatchAsync(List<TraceGetRequest> batch, DependencyCalculator calculator, ulong startNanos, ulong endNanos, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var traces = await _reader.GetTracesAsync(batch, cancellationToken).ConfigureAwait(false);
        foreach (var trace in traces)
        {
            calculator.AddTrace(trace.Spans, startNanos, endNanos);
        }

        batch.Clear();
        return traces.Count;
    }
}
