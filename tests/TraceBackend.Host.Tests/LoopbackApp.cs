using System.Net;
using Microsoft.Extensions.Logging;
using TraceBackend.Host.Options;

namespace TraceBackend.Host.Tests;

/// <summary>
/// Starts a <see cref="TraceBackendApp"/> with every listener on 127.0.0.1:0 and the memory store unless
/// <c>extraArgs</c> say otherwise (the default embedded store would write ./data).
/// </summary>
internal sealed class LoopbackApp : IAsyncDisposable
{
    private LoopbackApp(TraceBackendApp app) => App = app;

    public TraceBackendApp App { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public static async Task<LoopbackApp> StartAsync(params string[] extraArgs)
    {
        var options = OptionsParser.Parse(
        [
            "--storage", "memory",
            "--otlp-grpc", "127.0.0.1:0", "--otlp-http", "127.0.0.1:0", "--query-http", "127.0.0.1:0", "--admin-http", "127.0.0.1:0", "--jaeger-grpc", "127.0.0.1:0", "--zipkin", "127.0.0.1:0", "--jaeger-thrift-http", "127.0.0.1:0", "--jaeger-agent-compact", "127.0.0.1:0", "--jaeger-agent-binary", "127.0.0.1:0", "--query-grpc", "127.0.0.1:0",
            .. extraArgs,
        ]);
        return await StartAsync(options);
    }

    public static async Task<LoopbackApp> StartAsync(TraceBackendOptions options)
    {
        var app = await TraceBackendApp.CreateAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new LoopbackApp(app);
    }

    public Uri Url(string listener, string path) => new($"http://{IPAddress.Loopback}:{App.Endpoints[listener].Port}{path}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
