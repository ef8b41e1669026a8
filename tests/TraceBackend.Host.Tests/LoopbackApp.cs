using System.Net;
using Microsoft.Extensions.Logging;
using TraceBackend.Host.Options;

namespace TraceBackend.Host.Tests;

/// <summary>Starts a <see cref="TraceBackendApp"/> with every listener on 127.0.0.1:0.</summary>
internal sealed class LoopbackApp : IAsyncDisposable
{
    private LoopbackApp(TraceBackendApp app) => App = app;

    public TraceBackendApp App { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public static async Task<LoopbackApp> StartAsync(params string[] extraArgs)
    {
        var options = OptionsParser.Parse(
        [
            "--otlp-grpc", "127.0.0.1:0", "--otlp-http", "127.0.0.1:0", "--query-http", "127.0.0.1:0", "--admin-http", "127.0.0.1:0",
            .. extraArgs,
        ]);
        var app = TraceBackendApp.Create(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
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
