using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TraceBackend.Storage;

namespace TraceBackend.Host.Jobs;

/// <summary>
/// Runs <see cref="DependenciesJob"/> in-process for stores that keep dependency snapshots (Cassandra's
/// <c>dependencies_v2</c>, Elasticsearch's <c>jaeger-dependencies-*</c>), replacing Jaeger's separate
/// spark-dependencies job. Periods are <see cref="Interval"/> long and aligned to the epoch. Once <see cref="Settle"/>
/// has passed after a period's end, that period is computed a last time (spans arriving later are not counted); at
/// start the previous period is computed too. With a positive <see cref="Refresh"/> the current period is also
/// recomputed that often, so its snapshot grows as spans arrive — each refresh rereads the period so far, the price
/// of a fresh dependency graph. Snapshots are keyed by the period start, so recomputing replaces rather than adds.
/// A failed run is logged and retried at the next tick. Memory: the trace IDs of one period (see the job).
/// </summary>
public sealed partial class DependenciesJobService : BackgroundService
{
    /// <summary>How long after a period's end its final computation waits for late spans.</summary>
    public static readonly TimeSpan SettleDelay = TimeSpan.FromMinutes(2);

    private readonly DependenciesJob _job;
    private readonly TimeProvider _time;
    private readonly ILogger<DependenciesJobService> _logger;
    private DateTimeOffset? _lastRefresh;

    /// <param name="refresh">How often the current period is recomputed; zero = only final computations.</param>
    public DependenciesJobService(DependenciesJob job, TimeSpan interval, TimeSpan refresh, TimeProvider time, ILogger<DependenciesJobService> logger)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(refresh, TimeSpan.Zero);
        _job = job;
        Interval = interval;
        Refresh = refresh;
        _time = time;
        _logger = logger;
    }

    public TimeSpan Interval { get; }

    public TimeSpan Refresh { get; }

    /// <summary>The settle delay used: <see cref="SettleDelay"/>, at most half the interval (so short periods get finalized too).</summary>
    public TimeSpan Settle => SettleDelay < Interval / 2 ? SettleDelay : Interval / 2;

    /// <summary>How often the service wakes: the settle delay, or the refresh period when shorter.</summary>
    public TimeSpan TickPeriod => Refresh > TimeSpan.Zero && Refresh < Settle ? Refresh : Settle;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? finalizedUpTo = null;
        using var timer = new PeriodicTimer(TickPeriod, _time);
        do
        {
            finalizedUpTo = await TickAsync(finalizedUpTo, stoppingToken).ConfigureAwait(false);
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One round: finalize the previous period when settled and not yet final; refresh the current one when due.</summary>
    internal async Task<DateTimeOffset?> TickAsync(DateTimeOffset? finalizedUpTo, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
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

        if (Refresh > TimeSpan.Zero && (_lastRefresh is null || now - _lastRefresh >= Refresh))
        {
            _lastRefresh = now;
            await RunAsync(current, cancellationToken).ConfigureAwait(false);
        }

        return finalizedUpTo;
    }

    private async Task<bool> RunAsync(DateTimeOffset start, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _job.RunAsync(start, start + Interval, cancellationToken).ConfigureAwait(false);
            LogRun(_logger, start, start + Interval, result.Traces, result.Links, result.Calls);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogFailed(_logger, start, start + Interval, e);
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
