using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>The real executable: flags fail fast, startup prints the endpoints, SIGTERM stops it cleanly.</summary>
public sealed partial class ProcessTests
{
    [Theory]
    [InlineData("--bogus", "x", "--bogus")]
    [InlineData("--memory-max-traces", "-5", "--memory-max-traces")]
    [InlineData("--storage", "mongo", "--storage")]
    [InlineData("--otlp-grpc", "nohost", "--otlp-grpc")]
    [InlineData("--wal-sync", "sometimes", "--wal-sync")]
    [InlineData("--retention", "5days", "--retention")]
    [InlineData("--storage-max-head-spans", "0", "--storage-max-head-spans")]
    public async Task Bad_flags_fail_fast_with_one_line_naming_the_flag(string flag, string value, string named)
    {
        using var process = StartBackend([flag, value]);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, process.ExitCode);
        var error = process.Stderr.Trim();
        Assert.Single(error.Split('\n'));
        Assert.Contains(named, error);
    }

    [Fact]
    public async Task A_storage_path_that_cannot_be_a_directory_fails_fast_naming_it()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tb-not-a-dir-{Guid.NewGuid():N}");
        File.WriteAllText(file, "x");
        try
        {
            using var process = StartBackend([.. BackendFixture.LoopbackListenArgs, "--storage", "embedded", "--storage-path", file]);
            Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(2, process.ExitCode);
            var error = process.Stderr.Trim();
            Assert.Single(error.Split('\n'));
            Assert.StartsWith($"tracebackend: --storage-path: cannot open '{file}'", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Unknown_role_fails_fast()
    {
        using var process = StartBackend(["ingester"], role: null);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("ingester", process.Stderr);
    }

    [Fact]
    public async Task Starts_prints_endpoints_serves_and_stops_on_sigterm()
    {
        using var process = StartBackend(BackendFixture.LoopbackListenArgs);
        Assert.True(await process.WaitForOutputAsync("admin:", TimeSpan.FromSeconds(60)), $"no startup banner: {process.Stdout} {process.Stderr}");
        var query = QueryUrl().Match(process.Stdout);
        Assert.True(query.Success, process.Stdout);
        var admin = AdminUrl().Match(process.Stdout);
        Assert.True(admin.Success, process.Stdout);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var services = await http.GetFromJsonAsync<JsonElement>(query.Groups[1].Value + "api/services", TestContext.Current.CancellationToken);
        Assert.Equal(JsonValueKind.Array, services.GetProperty("data").ValueKind);
        var health = await http.GetAsync(admin.Groups[1].Value.TrimEnd('/') + "/health", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        var metrics = await http.GetStringAsync(admin.Groups[1].Value.TrimEnd('/') + "/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("tracebackend_receiver_accepted_spans_total", metrics);

        process.Terminate();
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the backend did not stop on SIGTERM");
        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain("Unhandled exception", process.Stderr + process.Stdout);
    }

    private static ChildProcess StartBackend(IEnumerable<string> args, string? role = "all-in-one") =>
        ChildProcess.Backend(role is null ? args : [role, .. args]);

    [GeneratedRegex(@"query: Jaeger API and UI\s+(http://[^\s]+/)")]
    private static partial Regex QueryUrl();

    [GeneratedRegex(@"admin: /metrics /health\s+(http://[^\s]+)")]
    private static partial Regex AdminUrl();
}
