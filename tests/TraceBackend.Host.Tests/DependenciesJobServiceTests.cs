using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using TraceBackend.Host.Jobs;
using TraceBackend.Model;
using TraceBackend.Storage;

namespace TraceBackend.Host.Tests;

/// <summary>When <see cref="DependenciesJobService"/> computes which period: refresh the current one, finalize the previous one after the settle delay.</summary>
public class DependenciesJobServiceTests
{
    private static readonly DateTimeOffset s_noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Periods_are_refreshed_while_current_and_finalized_once_after_the_settle_delay()
    {
        var time = new ManualTime(s_noon.AddMinutes(1));
        var scans = new List<DateTimeOffset>();
        var snapshots = new List<DateTimeOffset>();
        var service = Service(new RecordingScanner(scans), new RecordingWriter(snapshots), TimeSpan.FromHours(1), TimeSpan.FromMinutes(15), time);
        var ct = TestContext.Current.CancellationToken;
        var (h11, h12, h13) = (s_noon.AddHours(-1), s_noon, s_noon.AddHours(1));

        // Start-up inside the settle delay: the previous period (not final yet) and a first refresh of the current one.
        var finalized = await service.TickAsync(null, ct);
        Assert.Null(finalized);
        Assert.Equal([h11, h12], scans);

        // After the settle delay: the previous period once more, now final; the refresh is not due.
        scans.Clear();
        time.Now = s_noon + DependenciesJobService.SettleDelay + TimeSpan.FromSeconds(1);
        finalized = await service.TickAsync(finalized, ct);
        Assert.Equal(s_noon, finalized);
        Assert.Equal([h11], scans);

        // Nothing is due until the refresh period has passed since the last refresh.
        scans.Clear();
        time.Now = s_noon.AddMinutes(15);
        finalized = await service.TickAsync(finalized, ct);
        Assert.Empty(scans);
        time.Now = s_noon.AddMinutes(16);
        finalized = await service.TickAsync(finalized, ct);
        Assert.Equal([h12], scans);

        // Next hour: 12:00 is finalized after the settle delay, and the new current period refreshed.
        scans.Clear();
        time.Now = s_noon.AddHours(1).AddMinutes(3);
        finalized = await service.TickAsync(finalized, ct);
        Assert.Equal(h13, finalized);
        Assert.Equal([h12, h13], scans);
        Assert.Equal([h11, h12, h11, h12, h12, h13], snapshots);
    }

    [Fact]
    public async Task Without_refresh_only_final_computations_run()
    {
        var time = new ManualTime(s_noon.AddMinutes(10));
        var scans = new List<DateTimeOffset>();
        var service = Service(new RecordingScanner(scans), new RecordingWriter([]), TimeSpan.FromHours(1), TimeSpan.Zero, time);
        var ct = TestContext.Current.CancellationToken;

        var finalized = await service.TickAsync(null, ct);
        time.Now = s_noon.AddMinutes(50);
        finalized = await service.TickAsync(finalized, ct);
        time.Now = s_noon.AddHours(1).AddMinutes(2).AddSeconds(1);
        finalized = await service.TickAsync(finalized, ct);

        Assert.Equal(s_noon.AddHours(1), finalized);
        Assert.Equal([s_noon.AddHours(-1), s_noon], scans);
        Assert.Equal(DependenciesJobService.SettleDelay, service.TickPeriod);
    }

    [Fact]
    public async Task A_failed_run_does_not_count_as_finalized_and_is_retried()
    {
        var time = new ManualTime(s_noon.AddMinutes(10));
        var writer = new RecordingWriter([]) { FailuresLeft = 1 };
        var service = Service(new RecordingScanner([]), writer, TimeSpan.FromHours(1), TimeSpan.FromMinutes(15), time);
        var ct = TestContext.Current.CancellationToken;

        var finalized = await service.TickAsync(null, ct);
        Assert.Null(finalized);
        finalized = await service.TickAsync(finalized, ct);
        Assert.Equal(s_noon, finalized);
    }

    [Fact]
    public async Task Short_periods_are_finalized_after_half_a_period()
    {
        var start = s_noon.AddSeconds(60);
        var time = new ManualTime(start.AddSeconds(10));
        var scans = new List<DateTimeOffset>();
        var interval = TimeSpan.FromSeconds(30);
        var service = Service(new RecordingScanner(scans, interval), new RecordingWriter([]), interval, TimeSpan.FromSeconds(5), time);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(TimeSpan.FromSeconds(15), service.Settle);
        Assert.Equal(TimeSpan.FromSeconds(5), service.TickPeriod);
        Assert.Null(await service.TickAsync(null, ct));
        time.Now = start.AddSeconds(16);
        Assert.Equal(start, await service.TickAsync(null, ct));
        Assert.Equal([start.AddSeconds(-30), start, start.AddSeconds(-30), start], scans);
    }

    [Fact]
    public void Bad_periods_are_refused()
    {
        var job = new DependenciesJob(new RecordingScanner([]), new EmptyReader(), new RecordingWriter([]));
        var logger = NullLogger<DependenciesJobService>.Instance;
        Assert.Throws<ArgumentOutOfRangeException>(() => new DependenciesJobService(job, TimeSpan.Zero, TimeSpan.Zero, TimeProvider.System, logger));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DependenciesJobService(job, TimeSpan.FromHours(1), TimeSpan.FromSeconds(-1), TimeProvider.System, logger));
    }

    private static DependenciesJobService Service(ITraceScanner scanner, IDependencyWriter writer, TimeSpan interval, TimeSpan refresh, TimeProvider time) =>
        new(new DependenciesJob(scanner, new EmptyReader(), writer), interval, refresh, time, NullLogger<DependenciesJobService>.Instance);

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class RecordingScanner(List<DateTimeOffset> starts, TimeSpan? period = null) : ITraceScanner
    {
        public async IAsyncEnumerable<TraceId> ScanTraceIdsAsync(DateTimeOffset start, DateTimeOffset end, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Assert.Equal(period ?? TimeSpan.FromHours(1), end - start);
            starts.Add(start);
            await Task.Yield();
            yield break;
        }
    }

    private sealed class RecordingWriter(List<DateTimeOffset> timestamps) : IDependencyWriter
    {
        public int FailuresLeft { get; set; }

        public ValueTask WriteDependenciesAsync(DateTimeOffset timestamp, IReadOnlyList<DependencyLink> links, CancellationToken cancellationToken = default)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new IOException("store down");
            }

            timestamps.Add(timestamp);
            return default;
        }
    }

    private sealed class EmptyReader : ITraceReader
    {
        public ValueTask<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<TraceGetRequest> requests, CancellationToken cancellationToken = default) => new([]);

        public ValueTask<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken = default) => new([]);

        public ValueTask<IReadOnlyList<Operation>> GetOperationsAsync(OperationQuery query, CancellationToken cancellationToken = default) => new([]);

        public ValueTask<IReadOnlyList<Trace>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken = default) => new([]);
    }
}
