using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Tests.Support;

namespace TraceBackend.LoadGen.Tests;

/// <summary>End to end against a real in-test Kestrel OTLP server.</summary>
public sealed partial class LoadGenCommandTests
{
    [GeneratedRegex(@"^loadgen: sent=(\d+) acked=(\d+) rejected=(\d+) retries=(\d+) rate=\d+\.\d p50_ms=\d+\.\d{2} p99_ms=\d+\.\d{2}$")]
    private static partial Regex SummaryLine();

    private sealed record Result(int ExitCode, string Stdout, string Stderr, long Sent, long Acked, long Rejected, long Retries);

    private static async Task<Result> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await LoadGenCommand.RunAsync(args, stdout, stderr, cancellationToken);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var match = SummaryLine().Match(lines[^1]);
        Assert.True(match.Success, $"last line: {lines[^1]}\nstderr: {stderr}");
        long Group(int i) => long.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture);
        return new Result(exit, stdout.ToString(), stderr.ToString(), Group(1), Group(2), Group(3), Group(4));
    }

    private static Dictionary<string, long> ReadAckLog(string path)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ');
            Assert.Equal(2, parts.Length);
            Assert.Matches("^[0-9a-f]{32}$", parts[0]);
            sums[parts[0]] = sums.GetValueOrDefault(parts[0]) + long.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return sums;
    }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"loadgen-ack-{Guid.NewGuid():N}.log");

    [Theory]
    [InlineData("grpc", "")]
    [InlineData("http", "protobuf")]
    [InlineData("http", "json")]
    public async Task RetriesOverloadAndAcknowledgesEverySpan(string transport, string encoding)
    {
        await using var server = await TestOtlpServer.StartAsync(new TestOtlpServerBehavior { RefuseFirst = 3, RetryAfter = TimeSpan.Zero });
        var ackLog = TempFile();
        try
        {
            var args = new List<string> { "--traces", "30", "--workers", "3", "--batch-spans", "100", "--seed", "42", "--large-trace-ratio", "0.05", "--ack-log", ackLog };
            if (transport == "grpc")
            {
                args.AddRange(["--otlp-grpc", $"127.0.0.1:{server.GrpcAddress.Port}"]);
            }
            else
            {
                args.AddRange(["--otlp-http", server.HttpTracesUrl.ToString(), "--encoding", encoding]);
            }

            var result = await RunAsync([.. args], TestContext.Current.CancellationToken);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(3, server.Refusals);
            Assert.Equal(3, result.Retries);

            // The same seed generates the same traces: the server saw exactly those spans.
            var expected = new HotRodTraceGenerator(42, new HotRodGeneratorOptions { LargeTraceRatio = 0.05 })
                .Generate(30, DateTimeOffset.UtcNow, TimeSpan.Zero).ToList();
            Assert.Equal(expected.Sum(t => (long)t.SpanCount), server.TotalSpans);
            Assert.Equal(server.TotalSpans, result.Acked);
            Assert.Equal(result.Sent, result.Acked);
            Assert.Equal(0, result.Rejected);
            Assert.Equal(expected.ToDictionary(t => t.TraceId, t => (long)t.SpanCount), new Dictionary<string, long>(server.SpansByTrace));
            Assert.Equal(new Dictionary<string, long>(server.SpansByTrace), ReadAckLog(ackLog));
            Assert.Contains("seed=42", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(ackLog);
        }
    }

    [Fact]
    public async Task PartialSuccessCountsRejectedAndLogsZeroForTheRequest()
    {
        await using var server = await TestOtlpServer.StartAsync(new TestOtlpServerBehavior { RejectPerRequest = 2 });
        var ackLog = TempFile();
        try
        {
            var result = await RunAsync(["--otlp-grpc", $"127.0.0.1:{server.GrpcAddress.Port}", "--traces", "10", "--batch-spans", "50", "--seed", "9", "--ack-log", ackLog], TestContext.Current.CancellationToken);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(2L * server.AcceptedRequests, result.Rejected);
            Assert.Equal(server.TotalSpans, result.Acked);
            Assert.Equal(result.Sent, result.Acked + result.Rejected);
            var logged = ReadAckLog(ackLog);
            Assert.NotEmpty(logged);
            Assert.All(logged.Values, v => Assert.Equal(0, v));
        }
        finally
        {
            File.Delete(ackLog);
        }
    }

    [Fact]
    public async Task PermanentFailureAfterRetriesExitsWithOne()
    {
        await using var server = await TestOtlpServer.StartAsync(new TestOtlpServerBehavior { RefuseAll = true, RetryAfter = TimeSpan.Zero });
        var result = await RunAsync(["--otlp-http", server.HttpTracesUrl.ToString(), "--traces", "3", "--batch-spans", "1000", "--large-trace-ratio", "0", "--max-retries", "2", "--workers", "1"], TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(0, result.Acked);
        Assert.True(result.Sent > 0);
        Assert.Equal(2, result.Retries);
        Assert.Equal(3, server.Refusals);
        Assert.Contains("failed", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DurationLimitStopsTheRun()
    {
        await using var server = await TestOtlpServer.StartAsync(new TestOtlpServerBehavior());
        var watch = Stopwatch.StartNew();
        var result = await RunAsync(["--otlp-grpc", $"127.0.0.1:{server.GrpcAddress.Port}", "--duration", "800ms", "--rate", "5000", "--workers", "2"], TestContext.Current.CancellationToken);

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(8));
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Acked > 0);
        Assert.Equal(server.TotalSpans, result.Acked);

        // Token bucket: at most one batch of burst plus rate × elapsed.
        Assert.True(result.Sent <= 500 + 5000 * watch.Elapsed.TotalSeconds, $"sent {result.Sent}");
    }

    [Fact]
    public async Task CancellationStopsCleanlyAndStillPrintsTheSummary()
    {
        await using var server = await TestOtlpServer.StartAsync(new TestOtlpServerBehavior());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = RunAsync(["--otlp-grpc", $"127.0.0.1:{server.GrpcAddress.Port}", "--duration", "1h", "--rate", "3000"], cts.Token);

        // Cancel once the run is under way (not after a fixed delay: a busy machine may need seconds to connect).
        var started = Stopwatch.StartNew();
        while (server.TotalSpans == 0 && started.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await Task.Delay(300, TestContext.Current.CancellationToken);
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();
        var result = await run;

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"stopping took {watch.Elapsed}");
        Assert.True(result.Acked > 0, $"nothing acknowledged: {result.Stdout}");
        Assert.True(result.Acked <= server.TotalSpans);
        Assert.InRange(result.ExitCode, 0, 1);
    }

    [Fact]
    public async Task UsageErrorsExitWithTwoAndNameTheFlag()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(2, await LoadGenCommand.RunAsync(["--workers", "none"], stdout, stderr, TestContext.Current.CancellationToken));
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--workers", line, StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }
}
