using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TraceBackend.Storage;

namespace TraceBackend.Host.Jobs;

/// <summary>
/// Runs <see cref="DependenciesJob"/> in-process for stores that keep dependency snapshots (Cassandra's
/// <c>dependencies_v2</c>, Elasticsearch's <c>jaeger-dependencies-*</c>), replacing Jaeger's separate
/// spark-dependencies job. Periods are <see cref="Interval"/> long and aligned to the epoch; every
/// <see cref="RefreshPeriod"/> the current period is recomputed (its snapshot grows as spans arrive) and, once
/// <see cref="Settle"/> has passed after a period's end, that period is computed a last time, so late spans
/// count (a span arriving later than that is not counted). Snapshots are keyed by the period start, so recomputing replaces rather than adds. At start the previous
/// period is (re)computed too. A failed run is logged and retried at the next tick.
/// </summary>
public sealed partial class DependenciesJobService(DependenciesJob job, TimeSpan interval, TimeProvider time, ILogger<DependenciesJobService> logger) : BackgroundService
{
    /// <summary>How long after a period's end its final computation waits for late spans.</summary>
    public static readonly TimeSpan SettleDelay = TimeSpan.FromMinutes(2);

    public TimeSpan Interval { get; } = interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval));

    /// <summary>The settle delay used: <see cref="SettleDelay"/>, at most half the interval (so short periods get finalized too).</summary>
    public TimeSpan Settle => SettleDelay < Interval / 2 ? SettleDelay : Interval / 2;

    /// <summary>How often the current period is recomputed: the interval, at most every 5 minutes.</summary>
    public TimeSpan RefreshPeriod => Interval < TimeSpan.FromMinutes(5) ? Interval : TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? finalizedUpTo = null;
        using var timer = new PeriodicTimer(RefreshPeriod, time);
        do
        {
            finalizedUpTo = await TickAsync(finalizedUpTo, stoppingToken).ConfigureAwait(false);
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One round: finalize settled periods not yet finalized (at most the last one), refresh the current one.</summary>
    internal async Task<DateTimeOffset?> TickAsync(DateTimeOffset? finalizedUpTo, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = DependenciesJob.PeriodStart(now, Interval);
        var previous = current - Interval;
        if ((finalizedUpTo is null || finalizedUpTo < current) && now >= current + Settle)
        {
            if (await RunAsync(previous, cancellationToken).ConfigureAwait(false))
            {
                finalizedUpTo = current;
            }
        }
        else if (finalizedUpTo is null)
        {
            // Start-up inside the settle delay: compute the previous period now; it is finalized after the delay.
            await RunAsync(previous, cancellationToken).ConfigureAwait(false);
        }

        await RunAsync(current, cancellationToken).ConfigureAwait(false);
        return finalizedUpTo;
    }

    private async Task<bool> RunAsync(DateTimeOffset start, CancellationToken cancellationToken)
    {
        try
        {
            var result = await job.RunAsync(start, start + Interval, cancellationToken).ConfigureAwait(false);
            LogRun(logger, start, start + Interval, result.Traces, result.Links, result.Calls);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogFailed(logger, start, start + Interval, e);
            return false;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dependencies of [{Start:O}, {End:O}): {Traces} traces, {Links} links, {Calls} calls")]
    private static partial void LogRun(ILogger logger, DateTimeOffset start, DateTimeOffset end, int traces, int links, ulong calls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependencies of [{Start:O}, {End:O}) could not be computed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, DateTimeOffset start, DateTimeOffset end, Exception exception);
}
