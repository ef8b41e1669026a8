using System.Globalization;
using System.Text.RegularExpressions;
using TraceBackend.LoadGen;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// The load generator against the real backend process: every acknowledged trace is readable, and the ack log
/// stays intact when the backend is killed mid-run (how crash safety is checked later).
/// </summary>
public sealed partial class LoadGenAgainstBackendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ack_log_survives_a_sigkill_of_the_backend_and_matches_what_was_acknowledged()
    {
        using var backend = ChildProcess.Backend(BackendFixture.LoopbackListenArgs);
        Assert.True(await backend.WaitForOutputAsync("admin:", TimeSpan.FromSeconds(60)), backend.Stdout + backend.Stderr);
        var grpc = GrpcUrl().Match(backend.Stdout).Groups[1].Value;
        var ackLog = Path.Combine(Path.GetTempPath(), $"tb-ack-{Guid.NewGuid():N}.log");
        try
        {
            var output = new StringWriter(CultureInfo.InvariantCulture);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var run = LoadGenCommand.RunAsync(
                ["--otlp-grpc", grpc, "--duration", "20s", "--workers", "2", "--batch-spans", "200", "--rate", "4000",
                 "--seed", "7", "--ack-log", ackLog, "--timeout", "2s", "--max-retries", "1"],
                output, TextWriter.Null, stop.Token);

            // Kill the backend once some spans were acknowledged.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((!File.Exists(ackLog) || new FileInfo(ackLog).Length < 2000) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Ct);
            }

            backend.Kill();
            // Let requests in flight fail against the dead backend, then stop the run (Ctrl+C): it still summarises.
            stop.CancelAfter(TimeSpan.FromSeconds(1.5));
            var exit = await run;

            var summary = output.ToString().TrimEnd().Split('\n')[^1];
            Assert.Matches(@"^loadgen: sent=\d+ acked=\d+ rejected=\d+ retries=\d+ rate=[0-9.]+ p50_ms=[0-9.]+ p99_ms=[0-9.]+$", summary);
            Assert.Equal(1, exit); // requests failed or were aborted once the backend was gone
            var acked = long.Parse(Regex.Match(summary, @"acked=(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(acked > 0, summary);

            long logged = 0;
            foreach (var line in File.ReadLines(ackLog))
            {
                var parts = line.Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.Matches("^[0-9a-f]{32}$", parts[0]);
                logged += long.Parse(parts[1], CultureInfo.InvariantCulture);
            }

            Assert.Equal(acked, logged);
        }
        finally
        {
            File.Delete(ackLog);
        }
    }

    [GeneratedRegex(@"OTLP/gRPC\s+grpc://(\S+)")]
    private static partial Regex GrpcUrl();
}
