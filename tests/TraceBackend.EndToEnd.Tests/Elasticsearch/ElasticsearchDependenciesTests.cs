using System.Text.Json;
using TraceBackend.Storage;

namespace TraceBackend.EndToEnd.Tests.Elasticsearch;

/// <summary>
/// The in-process dependencies job of the all-in-one host over the Elasticsearch store: after an SDK export, the
/// hosted job (not the test) writes a snapshot to <c>jaeger-dependencies-*</c>, and <c>/api/dependencies</c> reads
/// the parent→child links back from the snapshots.
/// </summary>
public sealed class ElasticsearchDependenciesTests
{
    /// <summary>Short periods, so the job's refresh tick (every min(interval, 5 min)) comes within seconds.</summary>
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Spans must be stored while their period is still current: then a later tick still computes that period (as
    /// "current" or as "previous"), because a tick at T computes the periods of T and T − interval.
    /// </summary>
    private static readonly TimeSpan s_exportMargin = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Hosted_job_writes_a_snapshot_that_the_dependencies_api_returns()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var backend = await ElasticsearchBackend.StartAsync("--dependencies-interval", "3s").WaitAsync(timeout.Token);
        var frontend = "dep-front-" + Guid.NewGuid().ToString("N")[..8];
        var service2 = "dep-back-" + Guid.NewGuid().ToString("N")[..8];

        // The whole trace (500 ms) inside one period whose end is at least the export margin away: the current period
        // when there is time left in it, otherwise the next one (spans at most 1.5 s in the future).
        var now = DateTimeOffset.UtcNow;
        var period = DependenciesJob.PeriodStart(now, s_interval);
        var rootStart = now - TimeSpan.FromMilliseconds(600);
        if (rootStart < period || period + s_interval - now < s_exportMargin)
        {
            period += s_interval;
            rootStart = period + TimeSpan.FromMilliseconds(10);
        }

        Assert.True(rootStart + TwoServiceTrace.RootDuration < period + s_interval);
        TwoServiceTrace.Export(backend.OtlpGrpcBase, frontend, service2, rootStart);

        // Proof that the hosted service ran: a snapshot PUT with our services' link, within a few job ticks.
        var snapshotWritten = await ElasticsearchBackend.EventuallyAsync(
            () => Task.FromResult(backend.ClusterRequests.Any(r => IsSnapshotWith(r.Method, r.Path, r.Body, frontend, service2))),
            TimeSpan.FromSeconds(10)).WaitAsync(timeout.Token);
        Assert.True(snapshotWritten, $"no jaeger-dependencies-* snapshot with {frontend} -> {service2} within 10 s; requests: "
            + string.Join(", ", backend.ClusterRequests.Where(r => r.Path.Contains("dependencies", StringComparison.Ordinal))));

        var endTs = (DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds();
        var dependencies = await JaegerJson.GetAsync(backend.Query, $"api/dependencies?endTs={endTs}&lookback={TimeSpan.FromMinutes(10).TotalMilliseconds}")
            .WaitAsync(timeout.Token);
        var links = dependencies.GetProperty("data").EnumerateArray()
            .Select(l => (Parent: l.GetProperty("parent").GetString(), Child: l.GetProperty("child").GetString(), Calls: l.GetProperty("callCount").GetInt64()))
            .Where(l => l.Parent == frontend || l.Child == frontend || l.Parent == service2 || l.Child == service2)
            .ToList();
        // Each call once, though every tick recomputes the period: a rerun replaces the period's snapshot. Same-service
        // calls count too (as in Jaeger's in-memory store).
        Assert.Equal(2, links.Count);
        Assert.Contains(links, l => l == (frontend, service2, 1L));
        Assert.Contains(links, l => l == (frontend, frontend, 1L));
    }

    private static bool IsSnapshotWith(string method, string path, byte[] body, string parent, string child)
    {
        if (method != "PUT" || !path.StartsWith("/jaeger-dependencies-", StringComparison.Ordinal))
        {
            return false;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("dependencies", out var links) && links.EnumerateArray().Any(l =>
            l.GetProperty("parent").GetString() == parent && l.GetProperty("child").GetString() == child && l.GetProperty("callCount").GetInt64() == 1);
    }
}
