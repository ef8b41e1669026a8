using System.Globalization;

namespace TraceBackend.LoadGen.Running;

/// <summary>
/// Totals of a run. Span counters: <see cref="SentSpans"/> = spans of every request that was started
/// (counted once, however many retries) = <see cref="AckedSpans"/> + <see cref="RejectedSpans"/> +
/// <see cref="FailedSpans"/> + <see cref="AbortedSpans"/>. Acked = acknowledged minus the server's
/// partial-success rejections. Latencies are those of the successful attempt of each acknowledged request.
/// </summary>
public sealed record LoadGenSummary
{
    public required ulong Seed { get; init; }

    public required long TracesGenerated { get; init; }

    public required long Requests { get; init; }

    public required long FailedRequests { get; init; }

    public required long SentSpans { get; init; }

    public required long AckedSpans { get; init; }

    public required long RejectedSpans { get; init; }

    public required long FailedSpans { get; init; }

    public required long AbortedSpans { get; init; }

    public required long Retries { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required double P50Ms { get; init; }

    public required double P99Ms { get; init; }

    /// <summary>Acknowledged spans per second of wall time.</summary>
    public double AckedRate => Elapsed > TimeSpan.Zero ? AckedSpans / Elapsed.TotalSeconds : 0;

    /// <summary>0 when every sent span was acknowledged or rejected; 1 when requests failed or were aborted.</summary>
    public int ExitCode => FailedSpans > 0 || AbortedSpans > 0 ? 1 : 0;

    /// <summary>
    /// The machine-readable last line:
    /// <c>loadgen: sent=N acked=N rejected=N retries=N rate=X.X p50_ms=X.XX p99_ms=X.XX</c> (invariant culture).
    /// </summary>
    public string FormatMachineLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"loadgen: sent={SentSpans} acked={AckedSpans} rejected={RejectedSpans} retries={Retries} rate={AckedRate:F1} p50_ms={P50Ms:F2} p99_ms={P99Ms:F2}");

    public string FormatHumanLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"loadgen: done in {Elapsed.TotalSeconds:F1}s: seed={Seed} traces={TracesGenerated} requests={Requests} failed_requests={FailedRequests} failed_spans={FailedSpans} aborted_spans={AbortedSpans}");
}
