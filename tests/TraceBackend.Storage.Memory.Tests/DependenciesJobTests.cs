using System.Runtime.CompilerServices;
using TraceBackend.Model;
using TraceBackend.Storage.Conformance;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Memory.Tests;

/// <summary>The shared <see cref="DependenciesJob"/> (TraceBackend.Storage) over a memory store with a span-list scanner.</summary>
public class DependenciesJobTests
{
    private static readonly DateTimeOffset s_hour = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_trace_crossing_two_periods_has_each_call_counted_in_the_period_of_its_child_span()
    {
        var trace = new TraceBuilder(Id64(1), s_hour.AddMinutes(59));
        var root = trace.Span("frontend", "GET /", TimeSpan.Zero, TimeSpan.FromMinutes(2));
        trace.Span("backend", "before", TimeSpan.FromSeconds(10), s_ms).ChildOf(root);     // 12:59:10
        trace.Span("backend", "after", TimeSpan.FromSeconds(70), s_ms).ChildOf(root);      // 13:00:10
        trace.Span("db", "query", TimeSpan.FromSeconds(71), s_ms).ChildOf(root);           // 13:00:11
        var (job, writer) = await JobOverAsync(trace.Build());

        var first = await job.RunAsync(s_hour, s_hour.AddHours(1), Ct);
        var second = await job.RunAsync(s_hour.AddHours(1), s_hour.AddHours(2), Ct);

        Assert.Equal(new DependenciesJobResult(1, 1, 1), first);
        Assert.Equal(new DependenciesJobResult(1, 2, 2), second);
        Assert.Equal([new("frontend", "backend", 1)], writer.Snapshots[s_hour]);
        Assert.Equal([new("frontend", "backend", 1), new("frontend", "db", 1)], writer.Snapshots[s_hour.AddHours(1)]);
    }

    [Fact]
    public async Task Duplicate_ids_from_the_scanner_are_loaded_and_counted_once_and_batches_cover_every_trace()
    {
        var spans = new List<Span>();
        for (var i = 1; i <= DependenciesJob.TraceBatch * 2 + 5; i++)
        {
            spans.AddRange(Rich(Id64((ulong)i), s_hour.AddSeconds(i)));
        }

        var (job, writer) = await JobOverAsync(spans);

        var result = await job.RunAsync(s_hour, s_hour.AddHours(1), Ct);

        var traces = DependenciesJob.TraceBatch * 2 + 5;
        Assert.Equal(traces, result.Traces);
        Assert.Equal(
            [new(Backend, Backend, (ulong)traces), new(Backend, Database, (ulong)traces), new(Frontend, Backend, (ulong)traces), new(Frontend, Frontend, (ulong)traces)],
            writer.Snapshots[s_hour]);
    }

    [Fact]
    public async Task An_empty_period_stores_an_empty_snapshot()
    {
        var (job, writer) = await JobOverAsync(Rich(Id64(7), s_hour));

        var result = await job.RunAsync(s_hour.AddHours(-3), s_hour.AddHours(-2), Ct);

        Assert.Equal(new DependenciesJobResult(0, 0, 0), result);
        Assert.Empty(writer.Snapshots[s_hour.AddHours(-3)]);
    }

    [Theory]
    [InlineData("2025-03-01T12:34:56Z", 60, "2025-03-01T12:00:00Z")]
    [InlineData("2025-03-01T12:00:00Z", 60, "2025-03-01T12:00:00Z")]
    [InlineData("2025-03-01T12:34:56Z", 15, "2025-03-01T12:30:00Z")]
    [InlineData("2025-03-01T12:34:56Z", 1440, "2025-03-01T00:00:00Z")]
    [InlineData("1969-12-31T23:30:00Z", 60, "1969-12-31T23:00:00Z")]
    public void Periods_are_aligned_to_the_epoch(string time, int minutes, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            DependenciesJob.PeriodStart(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(minutes)));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(DependenciesJob Job, RecordingDependencyWriter Writer)> JobOverAsync(IReadOnlyList<Span> spans)
    {
        var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 10_000 });
        await store.WriteAsync(spans, Ct);
        var writer = new RecordingDependencyWriter();
        return (new DependenciesJob(new SpanListScanner(spans), store, writer), writer);
    }

    /// <summary>Yields the trace ID of every span starting in the range (so a trace repeats once per span).</summary>
    private sealed class SpanListScanner(IReadOnlyList<Span> spans) : ITraceScanner
    {
        public async IAsyncEnumerable<TraceId> ScanTraceIdsAsync(DateTimeOffset start, DateTimeOffset end, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var span in spans)
            {
                if (span.StartTimeUnixNano >= UnixTime.ToNanos(start) && span.StartTimeUnixNano < UnixTime.ToNanos(end))
                {
                    yield return span.TraceId;
                }
            }
        }
    }

    private sealed class RecordingDependencyWriter : IDependencyWriter
    {
        public Dictionary<DateTimeOffset, IReadOnlyList<DependencyLink>> Snapshots { get; } = [];

        public ValueTask WriteDependenciesAsync(DateTimeOffset timestamp, IReadOnlyList<DependencyLink> links, CancellationToken cancellationToken = default)
        {
            Snapshots[timestamp] = links;
            return default;
        }
    }
}
