using System.Collections;
using System.Net.Sockets;
using TraceBackend.Host.Commands;
using TraceBackend.Host.Listeners;
using TraceBackend.Host.Options;

namespace TraceBackend.Host;

/// <summary>The command line: parse settings, start the roles, print where they listen, run until SIGTERM.</summary>
public static class TraceBackendProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "loadgen")
        {
            return await RunLoadGenAsync(args[1..]);
        }

        if (args.Length > 0 && StorageCommands.Names.Contains(args[0]))
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            return await StorageCommands.RunAsync(args[0], args[1..], ReadEnvironment(), FindSettingsFile(), Console.Out, Console.Error, cancel.Token);
        }

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

        TraceBackendApp app;
        try
        {
            app = await TraceBackendApp.CreateAsync(options);
        }
        catch (OptionsException e)
        {
            Console.Error.WriteLine($"tracebackend: {e.Message}");
            return 2;
        }

        await using var _ = app;
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

    /// <summary><c>tracebackend loadgen …</c>: HotROD-shaped OTLP traffic; Ctrl+C stops it and still prints the summary.</summary>
    private static async Task<int> RunLoadGenAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                cancel.Cancel();
            });
        try
        {
            return await TraceBackend.LoadGen.LoadGenCommand.RunAsync(args, Console.Out, Console.Error, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>One line per listener, e.g. <c>query (Jaeger API and UI)  http://0.0.0.0:16686</c>.</summary>
    public static string DescribeEndpoints(TraceBackendApp app)
    {
        var lines = new List<string> { $"tracebackend {RoleName(app.Options.Role)} started (storage: {StorageFactory.Describe(app.Options)})" };
        foreach (var (name, endpoint) in app.Endpoints)
        {
            var what = name switch
            {
                ListenerNames.OtlpGrpc => "OTLP/gRPC",
                ListenerNames.OtlpHttp => "OTLP/HTTP  POST /v1/traces",
                ListenerNames.Query => "query: Jaeger API and UI",
                ListenerNames.Admin => "admin: /metrics /health",
                ListenerNames.JaegerGrpc => "Jaeger gRPC  PostSpans",
                ListenerNames.Zipkin => "Zipkin  POST /api/v2/spans",
                ListenerNames.QueryGrpc => "query gRPC: api_v2, api_v3",
                ListenerNames.JaegerThriftHttp => "Jaeger Thrift  POST /api/traces",
                ListenerNames.JaegerAgentCompact => "Jaeger agent  compact Thrift",
                ListenerNames.JaegerAgentBinary => "Jaeger agent  binary Thrift",
                _ => name,
            };
            var scheme = name switch
            {
                ListenerNames.OtlpGrpc or ListenerNames.JaegerGrpc or ListenerNames.QueryGrpc => "grpc",
                ListenerNames.JaegerAgentCompact or ListenerNames.JaegerAgentBinary => "udp",
                _ => "http",
            };
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
