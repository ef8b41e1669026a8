using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>A child process with captured output, killed on dispose if still running.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    public ChildProcess(string fileName, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// The built backend executable (<see cref="RepoPaths.BackendDll"/>) with <paramref name="args"/>; workstation GC,
    /// deliberately: these are small, short-lived processes running beside the test host. The memory store unless
    /// <paramref name="args"/> name one (<c>TRACEBACKEND_STORAGE=memory</c>; the command line wins), so that no test
    /// writes the default embedded store's ./data by accident.
    /// </summary>
    public static ChildProcess Backend(IEnumerable<string> args)
    {
        Assert.True(File.Exists(RepoPaths.BackendDll), $"{RepoPaths.BackendDll} is not built");
        return new ChildProcess("dotnet", [RepoPaths.BackendDll, .. args], Path.GetTempPath(), new Dictionary<string, string>
        {
            ["DOTNET_gcServer"] = "0",
            ["TRACEBACKEND_STORAGE"] = "memory",
        });
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout
    {
        get { lock (_lock) { return _stdout.ToString(); } }
    }

    public string Stderr
    {
        get { lock (_lock) { return _stderr.ToString(); } }
    }

    public int ExitCode => _process.ExitCode;

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // flush the asynchronous output readers
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>, or the process exits, or the time is up.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return Stdout.Contains(text, StringComparison.Ordinal);
            }

            await Task.Delay(50);
        }

        return false;
    }

    /// <summary>Sends SIGKILL: the process dies at once, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    /// <summary>Sends SIGTERM, as Kubernetes or docker stop would.</summary>
    public void Terminate() => _ = Kill(_process.Id, 15);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            sb.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
