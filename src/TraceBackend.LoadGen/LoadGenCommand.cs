using System.Globalization;
using TraceBackend.LoadGen.Cli;
using TraceBackend.LoadGen.Running;
using TraceBackend.LoadGen.Sending;

namespace TraceBackend.LoadGen;

/// <summary>
/// The <c>loadgen</c> subcommand: sends HotROD-shaped OTLP traces to a backend and reports what it
/// acknowledged. Exit codes: 0 = every sent span acknowledged or rejected; 1 = requests failed
/// permanently or were aborted by cancellation (or the ack log could not be written); 2 = usage error.
/// stdout gets a start line, a human summary and, last, the machine line of
/// <see cref="LoadGenSummary.FormatMachineLine"/>; stderr gets errors and progress.
/// </summary>
public static class LoadGenCommand
{
    /// <param name="args">The flags after <c>loadgen</c>.</param>
    /// <param name="cancellationToken">Ctrl+C: stops the run; the summary is still printed.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!LoadGenOptionsParser.TryParse(args, out var options, out var error))
        {
            await stderr.WriteLineAsync($"loadgen: {error}").ConfigureAwait(false);
            return 2;
        }

        if (options.ShowHelp)
        {
            await stdout.WriteLineAsync(LoadGenOptionsParser.Usage).ConfigureAwait(false);
            return 0;
        }

        AckLog? ackLog = null;
        if (options.AckLogPath is { } path)
        {
            try
            {
                ackLog = AckLog.Open(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                await stderr.WriteLineAsync($"loadgen: cannot open --ack-log \"{path}\": {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        using (ackLog)
        using (IOtlpTransport transport = options.HttpEndpoint is { } http
            ? new OtlpHttpTransport(http, options.Encoding)
            : new OtlpGrpcTransport(options.GrpcEndpoint ?? LoadGenOptions.DefaultGrpcEndpoint))
        {
            await stdout.WriteLineAsync(DescribeStart(options, transport)).ConfigureAwait(false);
            LoadGenSummary summary;
            try
            {
                summary = await new LoadGenRunner(options, transport, ackLog, stderr).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await stderr.WriteLineAsync($"loadgen: writing --ack-log failed: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            await stdout.WriteLineAsync(summary.FormatHumanLine()).ConfigureAwait(false);
            await stdout.WriteLineAsync(summary.FormatMachineLine()).ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return summary.ExitCode;
        }
    }

    private static string DescribeStart(LoadGenOptions options, IOtlpTransport transport)
    {
        var limit = (options.Duration, options.Traces) switch
        {
            ({ } d, { } t) => string.Create(CultureInfo.InvariantCulture, $"duration={d.TotalSeconds:0.###}s traces={t}"),
            ({ } d, null) => string.Create(CultureInfo.InvariantCulture, $"duration={d.TotalSeconds:0.###}s"),
            (null, { } t) => string.Create(CultureInfo.InvariantCulture, $"traces={t}"),
            _ => "unbounded",
        };
        return string.Create(
            CultureInfo.InvariantCulture,
            $"loadgen: target={transport.Target} seed={options.Seed} {limit} rate={(options.Rate > 0 ? options.Rate.ToString("0.###", CultureInfo.InvariantCulture) : "max")} workers={options.Workers} batch_spans={options.BatchSpans} error_ratio={options.ErrorRatio} large_trace_ratio={options.LargeTraceRatio}");
    }
}
