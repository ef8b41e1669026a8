using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace TraceBackend.E2EBench;

/// <summary>The backend executable as a child process on loopback ports it picks itself (port 0).</summary>
internal sealed partial class BackendProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private BackendProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public string OtlpGrpc { get; private set; } = "";

    public Uri Query { get; private set; } = null!;

    public Uri Admin { get; private set; } = null!;

    public static async Task<BackendProcess> StartAsync(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var backend = new BackendProcess(Process.Start(info)!);
        backend._process.OutputDataReceived += (_, e) => backend.Append(e.Data);
        backend._process.ErrorDataReceived += (_, e) => backend.Append(e.Data);
        backend._process.BeginOutputReadLine();
        backend._process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            string text;
            lock (backend._output)
            {
                text = backend._output.ToString();
            }

            var grpc = GrpcLine().Match(text);
            var query = QueryLine().Match(text);
            var admin = AdminLine().Match(text);
            if (grpc.Success && query.Success && admin.Success)
            {
                backend.OtlpGrpc = grpc.Groups[1].Value;
                backend.Query = new Uri(query.Groups[1].Value);
                backend.Admin = new Uri(admin.Groups[1].Value.TrimEnd('/') + "/");
                return backend;
            }

            if (backend._process.HasExited)
            {
                throw new InvalidOperationException($"backend exited with {backend._process.ExitCode}: {text}");
            }

            await Task.Delay(100);
        }

        backend.Dispose();
        throw new TimeoutException("backend did not print its endpoints within 60 s");
    }

    /// <summary>Kills the backend if still running (idempotent).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    [GeneratedRegex(@"OTLP/gRPC\s+grpc://(\S+)")]
    private static partial Regex GrpcLine();

    [GeneratedRegex(@"query: Jaeger API and UI\s+(http://\S+/)")]
    private static partial Regex QueryLine();

    [GeneratedRegex(@"admin: /metrics /health\s+(http://\S+)")]
    private static partial Regex AdminLine();
}
