using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceBackend.LoadGen;
using TraceBackend.LoadGen.Generation;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// The embedded store through the real executable: every acknowledged span survives a SIGKILL (the default
/// <c>--wal-sync always</c> acknowledges only after fsync), a clean restart serves the same answers, and a second
/// process cannot open the same data directory.
/// </summary>
public sealed partial class EmbeddedDurabilityTests : IDisposable
{
    private const ulong Seed = 7;
    private const double ErrorRatio = 0.05;
    private const double LargeTraceRatio = 0.01;

    private readonly string _path = EmbeddedBackend.NewStoragePath();
    private readonly string _ackLog = Path.Combine(Path.GetTempPath(), $"tb-e2e-ack-{Guid.NewGuid():N}.log");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _http.Dispose();
        File.Delete(_ackLog);
        EmbeddedBackend.DeleteStorage(_path);
    }

    [Fact]
    public async Task Every_acknowledged_span_survives_a_sigkill_mid_stream()
    {
        Dictionary<string, long> acked;
        using (var backend = await EmbeddedBackend.StartAsync(_path))
        {
            var output = new StringWriter(CultureInfo.InvariantCulture);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var run = LoadGenCommand.RunAsync(
                ["--otlp-grpc", backend.OtlpGrpc, "--duration", "20s", "--workers", "4", "--batch-spans", "200", "--rate", "0",
                 "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--error-ratio", ErrorRatio.ToString(CultureInfo.InvariantCulture),
                 "--large-trace-ratio", LargeTraceRatio.ToString(CultureInfo.InvariantCulture),
                 "--ack-log", _ackLog, "--timeout", "2s", "--max-retries", "1"],
                output, TextWriter.Null, stop.Token);

            // Four workers sending as fast as they can always have requests in flight: kill the backend once about
            // a thousand traces were acknowledged.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while ((!File.Exists(_ackLog) || new FileInfo(_ackLog).Length < 40_000) && DateTime.UtcNow < deadline && !run.IsCompleted)
            {
                await Task.Delay(20, Ct);
            }

            Assert.False(run.IsCompleted, "the load generator stopped before the kill: " + output);
            backend.Process.Kill();
            stop.CancelAfter(TimeSpan.FromSeconds(1));
            await run;
            var summary = output.ToString().TrimEnd().Split('\n')[^1];
            acked = ReadAckLog(_ackLog);
            Assert.True(acked.Count > 50, $"too few traces acknowledged before the kill: {summary}");
            Assert.Equal(long.Parse(AckedField().Match(summary).Groups[1].Value, CultureInfo.InvariantCulture), acked.Values.Sum());
            TestContext.Current.TestOutputHelper?.WriteLine(summary);
        }

        var generated = Regenerate(acked.Keys);
        using var restarted = await EmbeddedBackend.StartAsync(_path);
        var missing = new ConcurrentBag<string>();
        long checkedSpans = 0;
        await Parallel.ForEachAsync(acked, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (entry, ct) =>
        {
            var (traceId, ackedSpans) = entry;
            var stored = await StoredSpanIdsAsync(restarted.Query, traceId, ct);
            var expected = generated[traceId];
            var unexpected = stored.Except(expected).ToList();
            if (unexpected.Count > 0)
            {
                missing.Add($"{traceId}: {unexpected.Count} span IDs that were never sent");
            }

            // The ack log counts spans per trace; when the whole trace was acknowledged, every span ID must be back.
            if (ackedSpans == expected.Count && !stored.SetEquals(expected))
            {
                missing.Add($"{traceId}: all {expected.Count} spans acknowledged, {expected.Count - stored.Intersect(expected).Count()} missing after restart");
            }
            else if (stored.Count < ackedSpans)
            {
                missing.Add($"{traceId}: {ackedSpans} spans acknowledged, {stored.Count} after restart");
            }

            Interlocked.Add(ref checkedSpans, ackedSpans);
        });
        var whole = acked.Count(a => a.Value == generated[a.Key].Count);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"acknowledged before SIGKILL: {acked.Values.Sum()} spans in {acked.Count} traces ({whole} whole, checked span by span)");
        Assert.True(missing.IsEmpty, $"{missing.Count} of {acked.Count} acknowledged traces incomplete after SIGKILL + restart: {string.Join("; ", missing.Take(10))}");
        Assert.Equal(acked.Values.Sum(), checkedSpans);

        restarted.Process.Terminate();
        Assert.True(await restarted.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)), "no exit after SIGTERM");
        Assert.Equal(0, restarted.Process.ExitCode);
    }

    [Fact]
    public async Task A_clean_restart_serves_the_same_services_operations_traces_and_search()
    {
        QuerySnapshot before;
        using (var backend = await EmbeddedBackend.StartAsync(_path, "--storage-trace-idle-period", "1s"))
        {
            var output = new StringWriter(CultureInfo.InvariantCulture);
            var exit = await LoadGenCommand.RunAsync(
                ["--otlp-grpc", backend.OtlpGrpc, "--traces", "60", "--workers", "2", "--batch-spans", "100", "--seed", "3", "--ack-log", _ackLog],
                output, TextWriter.Null, Ct);
            Assert.True(exit == 0, output.ToString());
            var traceIds = ReadAckLog(_ackLog).Keys.Order(StringComparer.Ordinal).ToList();
            Assert.Equal(60, traceIds.Count);

            before = await SnapshotAsync(backend.Query, traceIds);
            // Let the idle traces be cut from the head into blocks: the restart then reads both blocks and the WAL.
            await Task.Delay(TimeSpan.FromSeconds(2.5), Ct);
            Assert.Equal(before, await SnapshotAsync(backend.Query, traceIds));

            backend.Process.Terminate();
            Assert.True(await backend.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)), "no exit after SIGTERM");
            Assert.True(backend.Process.ExitCode == 0, backend.Process.Stderr);
            Assert.DoesNotContain("Unhandled exception", backend.Process.Stdout + backend.Process.Stderr);
        }

        using var restarted = await EmbeddedBackend.StartAsync(_path);
        var after = await SnapshotAsync(restarted.Query, before.TraceIds);
        Assert.Equal(before.Services, after.Services);
        Assert.Equal(before.Operations, after.Operations);
        Assert.Equal(before.Search, after.Search);
        Assert.Equal(before.Traces, after.Traces);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_second_backend_on_the_same_storage_path_is_refused_with_exit_code_2()
    {
        using var first = await EmbeddedBackend.StartAsync(_path);
        using var second = ChildProcess.Backend(EmbeddedBackend.Args(_path));
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the second backend did not exit");
        Assert.Equal(2, second.ExitCode);
        var error = second.Stderr.Trim();
        Assert.Single(error.Split('\n'));
        Assert.StartsWith($"tracebackend: --storage-path: cannot open '{_path}'", error);
        Assert.DoesNotContain("started", second.Stdout);

        // The first one is unaffected.
        var services = await _http.GetStringAsync(new Uri(first.Query, "api/services"), Ct);
        Assert.Contains("\"data\"", services);
    }

    /// <summary>Trace ID → spans acknowledged (sum of the ack log's lines for it).</summary>
    private static Dictionary<string, long> ReadAckLog(string path)
    {
        var acked = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ');
            Assert.Equal(2, parts.Length);
            acked[parts[0]] = acked.GetValueOrDefault(parts[0]) + long.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return acked;
    }

    /// <summary>
    /// The span IDs of each acknowledged trace, regenerated from the seed: the generator is deterministic (IDs do
    /// not depend on the clock) and the load generator sends its traces in generation order.
    /// </summary>
    private static Dictionary<string, HashSet<string>> Regenerate(IEnumerable<string> traceIds)
    {
        var wanted = traceIds.ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var generator = new HotRodTraceGenerator(Seed, new HotRodGeneratorOptions { ErrorRatio = ErrorRatio, LargeTraceRatio = LargeTraceRatio });
        for (var i = 0; result.Count < wanted.Count && i < wanted.Count + 100_000; i++)
        {
            var trace = generator.Next(DateTimeOffset.UtcNow);
            if (wanted.Contains(trace.TraceId))
            {
                result[trace.TraceId] = trace.ResourceSpans
                    .SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans)
                    .Select(s => Convert.ToHexStringLower(s.SpanId.Span)).ToHashSet(StringComparer.Ordinal);
            }
        }

        Assert.True(result.Count == wanted.Count, $"{wanted.Count - result.Count} acknowledged trace IDs were not produced by seed {Seed}");
        return result;
    }

    private async Task<HashSet<string>> StoredSpanIdsAsync(Uri query, string traceId, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri(query, $"api/traces/{traceId}"), ct);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!response.IsSuccessStatusCode)
        {
            return ids; // 404: nothing stored
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        foreach (var trace in document.RootElement.GetProperty("data").EnumerateArray())
        {
            foreach (var span in trace.GetProperty("spans").EnumerateArray())
            {
                ids.Add(span.GetProperty("spanID").GetString()!);
            }
        }

        return ids;
    }

    /// <summary>What the query API answers, in a form independent of ordering and process numbering.</summary>
    private async Task<QuerySnapshot> SnapshotAsync(Uri query, IReadOnlyList<string> traceIds)
    {
        var services = Strings(await GetJsonAsync(query, "api/services"));
        var operations = new List<string>();
        foreach (var service in services)
        {
            var ops = await GetJsonAsync(query, $"api/operations?service={Uri.EscapeDataString(service)}");
            operations.AddRange(ops.GetProperty("data").EnumerateArray()
                .Select(o => $"{service}/{o.GetProperty("name").GetString()}/{o.GetProperty("spanKind").GetString()}"));
        }

        var traces = new List<string>();
        foreach (var traceId in traceIds)
        {
            var trace = (await GetJsonAsync(query, $"api/traces/{traceId}")).GetProperty("data")[0];
            traces.Add(Describe(trace));
        }

        var nowUs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var search = await GetJsonAsync(query,
            $"api/traces?service=frontend&operation={Uri.EscapeDataString("HTTP GET /dispatch")}&limit=1000&start={nowUs - 3_600_000_000L}&end={nowUs + 3_600_000_000L}");
        var found = search.GetProperty("data").EnumerateArray().Select(Describe).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(found);
        return new QuerySnapshot(
            string.Join(",", services),
            string.Join(",", operations.Order(StringComparer.Ordinal)),
            string.Join("\n", traces),
            string.Join("\n", found),
            traceIds);
    }

    private async Task<JsonElement> GetJsonAsync(Uri query, string path)
    {
        using var response = await _http.GetAsync(new Uri(query, path), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string> Strings(JsonElement response) =>
        [.. response.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>A trace as sorted span lines: ID, operation, service, times, tags, logs and references.</summary>
    private static string Describe(JsonElement trace)
    {
        var processes = trace.GetProperty("processes");
        var spans = trace.GetProperty("spans").EnumerateArray().Select(span =>
        {
            var service = processes.GetProperty(span.GetProperty("processID").GetString()!).GetProperty("serviceName").GetString();
            var tags = span.GetProperty("tags").EnumerateArray().Select(t => t.GetRawText()).Order(StringComparer.Ordinal);
            return string.Join('|',
                span.GetProperty("spanID").GetString(), span.GetProperty("operationName").GetString(), service,
                span.GetProperty("startTime").GetInt64(), span.GetProperty("duration").GetInt64(),
                string.Join(',', tags), span.GetProperty("logs").GetRawText(), span.GetProperty("references").GetRawText());
        }).Order(StringComparer.Ordinal);
        return trace.GetProperty("traceID").GetString() + ":" + string.Join(';', spans);
    }

    private sealed record QuerySnapshot(string Services, string Operations, string Traces, string Search, IReadOnlyList<string> TraceIds)
    {
        public bool Equals(QuerySnapshot? other) =>
            other is not null && Services == other.Services && Operations == other.Operations && Traces == other.Traces && Search == other.Search;

        public override int GetHashCode() => HashCode.Combine(Services, Operations, Traces, Search);
    }

    [GeneratedRegex(@"acked=(\d+)")]
    private static partial Regex AckedField();
}
