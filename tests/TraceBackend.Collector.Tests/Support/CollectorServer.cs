using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceBackend.Storage;

namespace TraceBackend.Collector.Tests.Support;

/// <summary>A real Kestrel server on 127.0.0.1 (port 0) with the collector mapped, HTTP/1.1 or h2c.</summary>
internal sealed class CollectorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CollectorServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public CollectorMetrics Metrics => _app.Services.GetRequiredService<CollectorMetrics>();

    public static async Task<CollectorServer> StartAsync(RecordingTraceWriter writer, CollectorOptions? options = null, bool http2 = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (http2)
        {
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        builder.Services.AddSingleton<ITraceWriter>(writer);
        builder.Services.AddTraceBackendCollector(options ?? new CollectorOptions());
        var app = builder.Build();
        app.MapOtlpHttp();
        app.MapOtlpGrpc();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new CollectorServer(app, new Uri(addresses.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
