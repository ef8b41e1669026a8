using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using TraceBackend.LoadGen.Cli;
using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;
using TraceBackend.LoadGen.Sending;

namespace TraceBackend.LoadGen.Running;

/// <summary>
/// One load run: a producer generates HotROD traces from the seed and packs them into requests of at most
/// <see cref="LoadGenOptions.BatchSpans"/> spans; <see cref="LoadGenOptions.Workers"/> workers send them
/// concurrently, paced by a shared span <see cref="TokenBucket"/> when a rate is set.
/// Stopping: after <see cref="LoadGenOptions.Traces"/> traces every request is still sent; when
/// <see cref="LoadGenOptions.Duration"/> elapses no new request starts (queued ones are dropped unsent and
/// uncounted) but in-flight requests finish with their retries; cancellation of the run token stops
/// everything at once and in-flight requests count as aborted.
/// </summary>
public sealed class LoadGenRunner
{
    private const int MaxReportedFailures = 5;

    private readonly LoadGenOptions _options;
    private readonly IOtlpTransport _transport;
    private readonly AckLog? _ackLog;
    private readonly TextWriter _diagnostics;
    private readonly Lock _diagnosticsLock = new();
    private readonly LoadGenStats _stats = new();
    private int _reportedFailures;

    /// <param name="diagnostics">Receives progress and failure lines (typically stderr); written under a lock.</param>
    public LoadGenRunner(LoadGenOptions options, IOtlpTransport transport, AckLog? ackLog, TextWriter diagnostics)
    {
        _options = options;
        _transport = transport;
        _ackLog = ackLog;
        _diagnostics = diagnostics;
    }

    public async Task<LoadGenSummary> RunAsync(CancellationToken cancellationToken)
    {
        var generator = new HotRodTraceGenerator(_options.Seed, new HotRodGeneratorOptions
        {
            ErrorRatio = _options.ErrorRatio,
            LargeTraceRatio = _options.LargeTraceRatio,
        });
        var exporter = new RetryingExporter(_transport, new RetryPolicy { MaxRetries = _options.MaxRetries }, _options.RequestTimeout);
        var bucket = _options.Rate > 0 ? new TokenBucket(_options.Rate, Math.Max(1, _options.BatchSpans)) : null;
        var channel = Channel.CreateBounded<OtlpBatch>(new BoundedChannelOptions(_options.Workers * 2)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        var started = Stopwatch.GetTimestamp();
        using var progressStop = new CancellationTokenSource();
        var progress = ReportProgressAsync(started, progressStop.Token);
        var producer = Task.Run(() => ProduceAsync(generator, channel.Writer, stop.Token), CancellationToken.None);
        var workers = new Task[_options.Workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(channel.Reader, exporter, bucket, stop.Token, cancellationToken), CancellationToken.None);
        }

        try
        {
            await producer.ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            progressStop.Cancel();
            await progress.ConfigureAwait(false);
        }

        return _stats.Snapshot(_options.Seed, Stopwatch.GetElapsedTime(started));
    }

    private async Task ProduceAsync(HotRodTraceGenerator generator, ChannelWriter<OtlpBatch> writer, CancellationToken stop)
    {
        var batcher = new OtlpRequestBatcher(_options.BatchSpans);
        var completed = new List<OtlpBatch>();
        long produced = 0;
        try
        {
            while (!stop.IsCancellationRequested && (_options.Traces is not { } limit || produced < limit))
            {
                batcher.Add(generator.Next(DateTimeOffset.UtcNow), completed);
                produced++;
                _stats.TraceGenerated();
                foreach (var batch in completed)
                {
                    await writer.WriteAsync(batch, stop).ConfigureAwait(false);
                }

                completed.Clear();
            }

            if (!stop.IsCancellationRequested && batcher.Flush() is { } last)
            {
                await writer.WriteAsync(last, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task WorkAsync(ChannelReader<OtlpBatch> reader, RetryingExporter exporter, TokenBucket? bucket, CancellationToken stop, CancellationToken abort)
    {
        try
        {
            await foreach (var batch in reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                if (bucket is not null)
                {
                    await bucket.AcquireAsync(batch.SpanCount, stop).ConfigureAwait(false);
                }

                _stats.RequestStarted(batch);
                var outcome = await exporter.ExportAsync(batch.Request, abort).ConfigureAwait(false);
                _stats.RequestFinished(batch, outcome);
                if (outcome.Kind == ExportOutcomeKind.Acked)
                {
                    _ackLog?.Record(batch.Traces, outcome.RejectedSpans);
                }
                else if (outcome.Kind == ExportOutcomeKind.Failed)
                {
                    ReportFailure(batch, outcome);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void ReportFailure(OtlpBatch batch, ExportOutcome outcome)
    {
        var n = Interlocked.Increment(ref _reportedFailures);
        if (n > MaxReportedFailures + 1)
        {
            return;
        }

        var line = n <= MaxReportedFailures
            ? string.Create(CultureInfo.InvariantCulture, $"loadgen: request of {batch.SpanCount} spans failed: {outcome.Error}")
            : "loadgen: further request failures not shown";
        WriteDiagnostic(line);
    }

    private async Task ReportProgressAsync(long started, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var acked = _stats.AckedSpans;
                WriteDiagnostic(string.Create(CultureInfo.InvariantCulture, $"loadgen: t={elapsed:F0}s acked={acked} rate={acked / elapsed:F1}"));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void WriteDiagnostic(string line)
    {
        lock (_diagnosticsLock)
        {
            _diagnostics.WriteLine(line);
        }
    }
}
