using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceBackend.E2EBench;
using TraceBackend.LoadGen;

// End-to-end benchmark (docs/benchmarks.md): for each GC mode, start the backend as a separate process, drive
// it with the load generator at full speed for a set time, then measure it from /proc and through its HTTP API.
var options = BenchOptions.Parse(args);
var root = FindRoot();
var dll = Path.Combine(root, "src", "TraceBackend", "bin", "Release", "net10.0", "tracebackend.dll");
if (!File.Exists(dll))
{
    Console.Error.WriteLine($"e2ebench: {dll} not found; build with: dotnet build -c Release TraceBackend.sln");
    return 2;
}

const ulong Seed = 42;
var results = new List<string>();
var diskNotes = new List<string>();
foreach (var gcMode in options.GcModes)
{
    var embedded = options.Storage == "embedded";
    var storageName = embedded ? $"embedded (--wal-sync {options.WalSync})" : options.Storage;
    Console.WriteLine($"== {gcMode}: {storageName} store, loadgen {options.Workers} workers × {options.BatchSpans}-span batches for {options.Duration.TotalSeconds:0} s");
    var storagePath = Path.Combine(Path.GetTempPath(), $"e2ebench-data-{Environment.ProcessId}-{gcMode}");
    DeleteDirectory(storagePath);
    var runName = $"e2ebench_{Environment.ProcessId}_{gcMode.Replace('-', '_')}";
    string[] storageArgs = options.Storage switch
    {
        "embedded" => ["--storage", "embedded", "--storage-path", storagePath, "--wal-sync", options.WalSync],
        // A fresh keyspace / index prefix per run, created by the backend itself; left behind for inspection.
        "cassandra" => ["--storage", "cassandra", "--cassandra-servers", options.CassandraServers!, "--cassandra-keyspace", runName, "--cassandra-create-schema", "true"],
        "elasticsearch" => ["--storage", "elasticsearch", "--es-server-urls", options.ElasticsearchUrls!, "--es-index-prefix", runName.Replace('_', '-'), "--es-num-replicas", "0"],
        _ => ["--storage", options.Storage, "--memory-max-traces", options.MemoryMaxTraces.ToString(CultureInfo.InvariantCulture)],
    };
    using var backend = await BackendProcess.StartAsync(
        dll,
        ["all-in-one", .. storageArgs,
         "--otlp-grpc", "127.0.0.1:0", "--otlp-http", "127.0.0.1:0", "--query-http", "127.0.0.1:0", "--admin-http", "127.0.0.1:0", "--jaeger-grpc", "127.0.0.1:0", "--zipkin", "127.0.0.1:0", "--jaeger-thrift-http", "127.0.0.1:0", "--jaeger-agent-compact", "127.0.0.1:0", "--jaeger-agent-binary", "127.0.0.1:0", "--query-grpc", "127.0.0.1:0",
         "--log-level", "Warning"],
        BenchOptions.GcEnvironment(gcMode));
    await Task.Delay(1000); // let start-up JIT settle before the CPU baseline
    var cpuBefore = ProcStats.CpuSeconds(backend.Pid);
    var ackLog = Path.Combine(Path.GetTempPath(), $"e2ebench-ack-{Environment.ProcessId}-{gcMode}.log");
    File.Delete(ackLog);

    var loadgenOut = new StringWriter(CultureInfo.InvariantCulture);
    var exit = await LoadGenCommand.RunAsync(
        ["--otlp-grpc", backend.OtlpGrpc, "--duration", $"{options.Duration.TotalSeconds:0}s", "--workers", options.Workers.ToString(CultureInfo.InvariantCulture),
         "--batch-spans", options.BatchSpans.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--ack-log", ackLog],
        loadgenOut, Console.Error, CancellationToken.None);
    var cpuAfter = ProcStats.CpuSeconds(backend.Pid);
    var summary = loadgenOut.ToString().TrimEnd().Split('\n')[^1];
    Console.WriteLine(summary);
    var acked = long.Parse(Field(summary, "acked"), CultureInfo.InvariantCulture);
    var rate = double.Parse(Field(summary, "rate"), CultureInfo.InvariantCulture);
    var peakRss = ProcStats.PeakRssBytes(backend.Pid);

    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
    using var gcResponse = await http.PostAsync(new Uri(backend.Admin, "debug/gc"), null);
    var liveBytes = JsonDocument.Parse(await gcResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("liveBytes").GetInt64();
    var rssAfterGc = ProcStats.RssBytes(backend.Pid);

    var traceIds = File.ReadLines(ackLog).Select(l => l.Split(' ')[0]).Distinct().ToList();
    var random = new Random(7);
    var nowUs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
    var tags = Uri.EscapeDataString("{\"http.response.status_code\":\"200\"}");
    var searchUrl = new Uri(backend.Query, $"api/traces?service=frontend&operation={Uri.EscapeDataString("HTTP GET /dispatch")}&tags={tags}&limit=20&start={nowUs - 3_600_000_000L}&end={nowUs}");
    // Warm-up (JIT of the query paths), not measured.
    await LatencyProbe.MeasureAsync(http, [.. Enumerable.Range(0, 20).Select(_ => new Uri(backend.Query, $"api/traces/{traceIds[random.Next(traceIds.Count)]}")), .. Enumerable.Repeat(searchUrl, 10)]);
    var byId = await LatencyProbe.MeasureAsync(http, [.. Enumerable.Range(0, options.LatencySamples).Select(_ => new Uri(backend.Query, $"api/traces/{traceIds[random.Next(traceIds.Count)]}"))]);
    var search = await LatencyProbe.MeasureAsync(http, [.. Enumerable.Repeat(searchUrl, options.LatencySamples / 2)]);
    File.Delete(ackLog);

    // Disk: every file under the storage path, per acknowledged span, at the end of the run and after the store
    // cut its head into blocks and compacted them (POST /debug/compact); blocks (the settled data) reported apart
    // from the write-ahead log (its active segment is preallocated by use up to 64 MiB and only sealed ones are deleted).
    var diskNote = "disk: none (memory store)";
    if (embedded)
    {
        var diskAtEnd = DiskBytes(storagePath);
        // Compacting millions of spans takes minutes: its own client, with a timeout to match.
        using var slowHttp = new HttpClient { Timeout = TimeSpan.FromMinutes(20) };
        var compactWatch = System.Diagnostics.Stopwatch.StartNew();
        using var compactResponse = await slowHttp.PostAsync(new Uri(backend.Admin, "debug/compact"), null);
        compactWatch.Stop();
        var compacted = compactResponse.IsSuccessStatusCode
            && JsonDocument.Parse(await compactResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("compacted").GetBoolean();
        var blocks = DiskBytes(Path.Combine(storagePath, "blocks"));
        var wal = DiskBytes(Path.Combine(storagePath, "wal"));
        diskNote = string.Create(CultureInfo.InvariantCulture,
            $"disk {diskAtEnd / (double)acked:0} B/span at the end ({diskAtEnd / 1048576.0:N0} MiB)")
            + (compacted
                ? string.Create(CultureInfo.InvariantCulture, $"; after flush + compaction ({compactWatch.Elapsed.TotalSeconds:0} s): blocks {blocks / (double)acked:0.0} B/span ({blocks / 1048576.0:N0} MiB), WAL {wal / 1048576.0:N0} MiB")
                : $", compaction failed: HTTP {(int)compactResponse.StatusCode}");
    }

    var cpuPerSpanUs = (cpuAfter - cpuBefore) / acked * 1e6;
    var row = string.Create(CultureInfo.InvariantCulture,
        $"| {gcMode} | {acked:N0} | {rate:N0} | {cpuPerSpanUs:0.00} | {peakRss / 1048576.0:N0} | {liveBytes / (double)acked:0} | {byId.P50:0.00} / {byId.P99:0.00} | {search.P50:0.00} / {search.P99:0.00} |");
    Console.WriteLine(row);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"   backend CPU {cpuAfter - cpuBefore:0.0} s; live heap after full GC {liveBytes / 1048576.0:N0} MiB; RSS after GC {rssAfterGc / 1048576.0:N0} MiB; loadgen exit {exit}; failures: by-ID {byId.Failures}, search {search.Failures}"));
    Console.WriteLine($"   {diskNote}");
    results.Add(row);
    diskNotes.Add($"{gcMode}: {storageName} store, {diskNote}");
    backend.Dispose(); // killed before its data directory is deleted
    DeleteDirectory(storagePath);
}

var (decodeRate, bytesPerSpan) = DecodeRate.Measure(Seed, options.BatchSpans, TimeSpan.FromSeconds(5));
Console.WriteLine();
Console.WriteLine("| GC mode | spans stored | ingest spans/s | backend CPU µs/span | peak RSS MiB | heap B/span | trace by ID p50/p99 ms | search p50/p99 ms |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
results.ForEach(Console.WriteLine);
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"payload: {bytesPerSpan:0} protobuf bytes/span; single-core decode into the model: {decodeRate:N0} spans/s"));
foreach (var row in results)
{
    var ingest = double.Parse(row.Split('|')[3].Trim().Replace(",", ""), CultureInfo.InvariantCulture);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{row.Split('|')[1].Trim()}: ingest {ingest * bytesPerSpan / 1048576.0:0.0} MB/s; ingest ÷ single-core decode = {ingest / decodeRate:0.00}"));
}

diskNotes.ForEach(Console.WriteLine);
return 0;

static long DiskBytes(string path) =>
    Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

static void DeleteDirectory(string path)
{
    if (Directory.Exists(path))
    {
        Directory.Delete(path, recursive: true);
    }
}

static string Field(string line, string name) =>
    Regex.Match(line, $@"\b{name}=([0-9.]+)").Groups[1].Value is { Length: > 0 } v ? v : throw new FormatException($"no {name}= in '{line}'");

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "TraceBackend.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("TraceBackend.sln not found");
}
