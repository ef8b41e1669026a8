using System.Globalization;

namespace TraceBackend.E2EBench;

/// <summary>Command line of the end-to-end benchmark (see docs/benchmarks.md).</summary>
internal sealed record BenchOptions
{
    /// <summary>
    /// <c>embedded</c> (the backend's default, in a temporary <c>--storage-path</c>), <c>memory</c>, <c>cassandra</c>
    /// (a fresh keyspace on <see cref="CassandraServers"/>, created by the backend) or <c>elasticsearch</c> (a fresh
    /// index prefix on <see cref="ElasticsearchUrls"/>).
    /// </summary>
    public string Storage { get; init; } = "embedded";

    /// <summary><c>--cassandra-servers</c>; default <c>TRACEBACKEND_TEST_CASSANDRA</c>.</summary>
    public string? CassandraServers { get; init; } = Environment.GetEnvironmentVariable("TRACEBACKEND_TEST_CASSANDRA");

    /// <summary><c>--es-server-urls</c>; default <c>TRACEBACKEND_TEST_ELASTICSEARCH</c>.</summary>
    public string? ElasticsearchUrls { get; init; } = Environment.GetEnvironmentVariable("TRACEBACKEND_TEST_ELASTICSEARCH");

    /// <summary>Embedded store <c>--wal-sync</c>: always, interval or none.</summary>
    public string WalSync { get; init; } = "always";

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public int Workers { get; init; } = 4;

    public int BatchSpans { get; init; } = 500;

    public int MemoryMaxTraces { get; init; } = 200_000;

    /// <summary>GC configurations to compare, e.g. <c>server</c>, <c>workstation</c>, <c>workstation-concurrent</c>, <c>server-gen0-64m</c>.</summary>
    public IReadOnlyList<string> GcModes { get; init; } = ["default"];

    public int LatencySamples { get; init; } = 200;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"flag {args[i]} needs a value");
            o = args[i] switch
            {
                "--storage" => o with { Storage = OneOf("--storage", Next(), "memory", "embedded", "cassandra", "elasticsearch") },
                "--cassandra-servers" => o with { CassandraServers = Next() },
                "--es-server-urls" => o with { ElasticsearchUrls = Next() },
                "--wal-sync" => o with { WalSync = OneOf("--wal-sync", Next(), "always", "interval", "none") },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(double.Parse(Next().TrimEnd('s'), CultureInfo.InvariantCulture)) },
                "--workers" => o with { Workers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--batch-spans" => o with { BatchSpans = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--memory-max-traces" => o with { MemoryMaxTraces = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--gc" => o with { GcModes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--latency-samples" => o with { LatencySamples = int.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown flag {args[i]}"),
            };
        }

        if (o.Storage == "cassandra" && string.IsNullOrEmpty(o.CassandraServers))
        {
            throw new ArgumentException("--storage cassandra needs --cassandra-servers host:port (or TRACEBACKEND_TEST_CASSANDRA)");
        }

        if (o.Storage == "elasticsearch" && string.IsNullOrEmpty(o.ElasticsearchUrls))
        {
            throw new ArgumentException("--storage elasticsearch needs --es-server-urls http://host:port (or TRACEBACKEND_TEST_ELASTICSEARCH)");
        }

        foreach (var mode in o.GcModes)
        {
            _ = GcEnvironment(mode);
        }

        return o;
    }

    private static string OneOf(string flag, string value, params string[] allowed) =>
        Array.IndexOf(allowed, value) >= 0 ? value : throw new ArgumentException($"{flag}: unknown value '{value}' (expected {string.Join(", ", allowed)})");

    /// <summary>The runtime's environment variables for a GC mode name.</summary>
    public static Dictionary<string, string> GcEnvironment(string mode) => mode switch
    {
        "default" => new(), // what tracebackend.runtimeconfig.json says (Server GC, non-concurrent, 64 MiB gen0)
        "server" => new() { ["DOTNET_gcServer"] = "1", ["DOTNET_gcConcurrent"] = "0", ["DOTNET_GCgen0size"] = "0" },
        "server-concurrent" => new() { ["DOTNET_gcServer"] = "1", ["DOTNET_gcConcurrent"] = "1", ["DOTNET_GCgen0size"] = "0" },
        "workstation" => new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0", ["DOTNET_GCgen0size"] = "0" },
        "workstation-concurrent" => new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "1", ["DOTNET_GCgen0size"] = "0" },
        "workstation-gen0-64m" => new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0", ["DOTNET_GCgen0size"] = "0x4000000" },
        "server-gen0-64m" => new() { ["DOTNET_gcServer"] = "1", ["DOTNET_gcConcurrent"] = "0", ["DOTNET_GCgen0size"] = "0x4000000" },
        "server-gen0-64m-nospin" => new() { ["DOTNET_gcServer"] = "1", ["DOTNET_gcConcurrent"] = "0", ["DOTNET_GCgen0size"] = "0x4000000", ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0" },
        _ => throw new ArgumentException($"unknown GC mode '{mode}' (default, server, server-concurrent, workstation, workstation-concurrent, workstation-gen0-64m, server-gen0-64m, server-gen0-64m-nospin)"),
    };
}
