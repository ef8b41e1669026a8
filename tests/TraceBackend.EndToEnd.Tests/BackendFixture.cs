using System.Net;
using Microsoft.Extensions.Logging;
using TraceBackend.Host;
using TraceBackend.Host.Listeners;
using TraceBackend.Host.Options;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>
/// One all-in-one backend on loopback with free ports, memory storage, shared by the tests of a class.
/// </summary>
public sealed class BackendFixture : IAsyncLifetime
{
    private TraceBackendApp? _app;

    public TraceBackendApp App => _app ?? throw new InvalidOperationException("not started");

    public HttpClient Query { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri QueryBase => Url(ListenerNames.Query);

    public Uri OtlpHttpBase => Url(ListenerNames.OtlpHttp);

    public Uri OtlpGrpcBase => Url(ListenerNames.OtlpGrpc);

    public Uri AdminBase => Url(ListenerNames.Admin);

    public Uri JaegerGrpcBase => Url(ListenerNames.JaegerGrpc);

    public Uri ZipkinBase => Url(ListenerNames.Zipkin);

    public Uri QueryGrpcBase => Url(ListenerNames.QueryGrpc);

    /// <summary>
    /// Every listener on 127.0.0.1 with a free port, and the memory store: tests of other things must not write the
    /// default embedded store's ./data. A later <c>--storage</c> overrides it.
    /// </summary>
    public static readonly string[] LoopbackListenArgs =
    [
        "--storage", "memory",
        "--otlp-grpc", "127.0.0.1:0",
        "--otlp-http", "127.0.0.1:0",
        "--query-http", "127.0.0.1:0",
        "--admin-http", "127.0.0.1:0",
        "--jaeger-grpc", "127.0.0.1:0",
        "--zipkin", "127.0.0.1:0", "--jaeger-thrift-http", "127.0.0.1:0", "--jaeger-agent-compact", "127.0.0.1:0", "--jaeger-agent-binary", "127.0.0.1:0",
        "--query-grpc", "127.0.0.1:0",
    ];

    public static TraceBackendOptions LoopbackOptions(params string[] extraArgs) =>
        OptionsParser.Parse(["all-in-one", .. LoopbackListenArgs, .. extraArgs]);

    public async ValueTask InitializeAsync()
    {
        _app = await TraceBackendApp.CreateAsync(LoopbackOptions(), logging => logging.SetMinimumLevel(LogLevel.Warning));
        await _app.StartAsync();
        Query.BaseAddress = QueryBase;
    }

    public async ValueTask DisposeAsync()
    {
        Query.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The http:// base URL of a Kestrel listener.</summary>
    public Uri Url(string listener)
    {
        var endpoint = App.Endpoints[listener];
        return new Uri($"http://{IPAddress.Loopback}:{endpoint.Port}/");
    }
}
