using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceBackend.Collector.Jaeger;
using TraceBackend.Collector.Tests.Support;
using TraceBackend.Storage;

namespace TraceBackend.Collector.Tests.Jaeger;

/// <summary>A real Kestrel server on 127.0.0.1 (port 0, h2c) hosting the Jaeger gRPC collector service.</summary>
internal sealed class JaegerCollectorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private JaegerCollectorServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public CollectorMetrics Metrics => _app.Services.GetRequiredService<CollectorMetrics>();

    public static async Task<JaegerCollectorServer> StartAsync(RecordingTraceWriter writer, CollectorOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton<ITraceWriter>(writer);
        builder.Services.AddTraceBackendCollector(options ?? new CollectorOptions());
        builder.Services.AddJaegerGrpcCollector();
        var app = builder.Build();
        app.MapJaegerGrpcCollector();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new JaegerCollectorServer(app, new Uri(addresses.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
