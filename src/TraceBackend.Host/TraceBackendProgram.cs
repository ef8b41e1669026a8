using System.Collections;
using System.Net.Sockets;
using TraceBackend.Host.Listeners;
using TraceBackend.Host.Options;

namespace TraceBackend.Host;

/// <summary>The command line: parse settings, start the roles, print where they listen, run until SIGTERM.</summary>
public static class TraceBackendProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "help"))
        {
            Console.WriteLine(OptionsParser.HelpText());
            return 0;
        }

        TraceBackendOptions options;
        try
        {
            options = OptionsParser.Parse(args, ReadEnvironment(), FindSettingsFile());
        }
        catch (OptionsException e)
        {
            Console.Error.WriteLine($"tracebackend: {e.Message}");
            return 2;
        }

        await using var app = TraceBackendApp.Create(options);
        try
        {
            await app.StartAsync();
        }
        catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"tracebackend: cannot listen: {e.Message}");
            return 1;
        }

        Console.WriteLine(DescribeEndpoints(app));
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>One line per listener, e.g. <c>query (Jaeger API and UI)  http://0.0.0.0:16686</c>.</summary>
    public static string DescribeEndpoints(TraceBackendApp app)
    {
        var lines = new List<string> { $"tracebackend {RoleName(app.Options.Role)} started (storage: {app.Options.Storage})" };
        foreach (var (name, endpoint) in app.Endpoints)
        {
            var what = name switch
            {
                ListenerNames.OtlpGrpc => "OTLP/gRPC",
                ListenerNames.OtlpHttp => "OTLP/HTTP  POST /v1/traces",
                ListenerNames.Query => "query: Jaeger API and UI",
                ListenerNames.Admin => "admin: /metrics /health",
                _ => name,
            };
            var scheme = name == ListenerNames.OtlpGrpc ? "grpc" : "http";
            lines.Add($"  {what,-30} {scheme}://{endpoint}{(name == ListenerNames.Query ? app.Options.QueryBasePath + "/" : "")}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string RoleName(Role role) => role switch
    {
        Role.Collector => "collector",
        Role.Query => "query",
        _ => "all-in-one",
    };

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith("TRACEBACKEND_", StringComparison.Ordinal))
            {
                result[key] = entry.Value as string;
            }
        }

        return result;
    }

    private static string? FindSettingsFile()
    {
        foreach (var folder in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var path = Path.Combine(folder, "appsettings.json");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
