using System.Text.RegularExpressions;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// The real executable over the embedded store in a temporary <c>--storage-path</c> (deleted with
/// <see cref="StorageDirectory"/>), started, killed and restarted on the same directory by the durability tests.
/// </summary>
internal sealed partial class EmbeddedBackend : IDisposable
{
    private EmbeddedBackend(ChildProcess process, string grpc, Uri query)
    {
        Process = process;
        OtlpGrpc = grpc;
        Query = query;
    }

    public ChildProcess Process { get; }

    /// <summary>HOST:PORT of the OTLP/gRPC listener.</summary>
    public string OtlpGrpc { get; }

    /// <summary>Base URL of the query API, ending in '/'.</summary>
    public Uri Query { get; }

    /// <summary>Backend arguments for <paramref name="path"/>: loopback ports, the embedded store, <paramref name="extraArgs"/>.</summary>
    public static string[] Args(string path, params string[] extraArgs) =>
        ["all-in-one", .. BackendFixture.LoopbackListenArgs, "--storage", "embedded", "--storage-path", path, "--log-level", "Warning", .. extraArgs];

    /// <summary>Starts the backend and waits for its banner (after WAL replay); fails the test with its output otherwise.</summary>
    public static async Task<EmbeddedBackend> StartAsync(string path, params string[] extraArgs)
    {
        var process = ChildProcess.Backend(Args(path, extraArgs));
        if (!await process.WaitForOutputAsync("admin:", TimeSpan.FromSeconds(60)))
        {
            var output = process.Stdout + process.Stderr;
            process.Dispose();
            Assert.Fail($"the embedded backend did not start on {path}: {output}");
        }

        Assert.Contains($"storage: embedded at {path}", process.Stdout);
        var grpc = GrpcUrl().Match(process.Stdout).Groups[1].Value;
        var query = new Uri(QueryUrl().Match(process.Stdout).Groups[1].Value);
        return new EmbeddedBackend(process, grpc, query);
    }

    /// <summary>A fresh directory name under the temp folder (not created: the backend creates it).</summary>
    public static string NewStoragePath() => Path.Combine(Path.GetTempPath(), $"tb-e2e-embedded-{Guid.NewGuid():N}");

    public static void DeleteStorage(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>Sum of the sizes of every file under <paramref name="path"/>.</summary>
    public static long DiskBytes(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    public void Dispose() => Process.Dispose();

    [GeneratedRegex(@"OTLP/gRPC\s+grpc://(\S+)")]
    private static partial Regex GrpcUrl();

    [GeneratedRegex(@"query: Jaeger API and UI\s+(http://\S+/)")]
    private static partial Regex QueryUrl();
}
