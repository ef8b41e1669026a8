using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Collector;
using TraceBackend.LoadGen.Generation;
using TraceBackend.Otlp;

namespace TraceBackend.Host.Demo;

/// <summary>
/// <c>--demo</c>: a gentle built-in stream of HotROD-shaped traces through the normal ingest path (validation,
/// bounded queue, storage), so a newcomer sees services, traces and a dependency graph within seconds, as
/// Jaeger's HotROD demo gives. At start it back-fills <see cref="BackfillTraces"/> traces over the last few
/// minutes, then adds one trace every <see cref="Interval"/>. Traces the queue refuses are simply skipped.
/// </summary>
public sealed partial class DemoTrafficService(TraceIngestService ingest, ILogger<DemoTrafficService> logger, TimeProvider time) : BackgroundService
{
    public const int BackfillTraces = 30;

    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var generator = new HotRodTraceGenerator((ulong)Environment.TickCount64);
        var converter = new OtlpConverter();
        var now = time.GetUtcNow();
        var sent = 0;
        for (var i = BackfillTraces; i > 0 && !stoppingToken.IsCancellationRequested; i--)
        {
            sent += await SendAsync(generator.Next(now - TimeSpan.FromSeconds(10 * i)), converter, stoppingToken);
        }

        LogStarted(logger, sent);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SendAsync(generator.Next(time.GetUtcNow()), converter, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<int> SendAsync(GeneratedTrace trace, OtlpConverter converter, CancellationToken cancellationToken)
    {
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(trace.ResourceSpans);
        var result = await ingest.IngestAsync(converter.Convert(request), CollectorTransport.Internal, cancellationToken);
        return result == IngestResult.Stored ? trace.SpanCount : 0;
    }

    [LoggerMessage(1, LogLevel.Information, "Demo traffic started: {Spans} HotROD spans back-filled, one more trace every 500 ms")]
    private static partial void LogStarted(ILogger logger, int spans);
}
