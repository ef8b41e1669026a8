using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceBackend.Query.Grpc;
using TraceBackend.Query.Tests.Support;
using TraceBackend.Storage;

namespace TraceBackend.Query.Tests.Grpc;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (port 0) speaking HTTP/2 without TLS (h2c), hosting the gRPC query services
/// and the HTTP query API over a <see cref="ListTraceStore"/>; <see cref="Channel"/> talks gRPC to it and
/// <see cref="Http"/> sends HTTP/2 requests to the JSON API (for equivalence checks).
/// </summary>
internal sealed class GrpcQueryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcQueryServer(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        Channel = GrpcChannel.ForAddress(address);
    }

    public GrpcChannel Channel { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the server; <paramref name="grpcConventions"/> is applied to what MapJaegerGrpcQuery returns.</summary>
    public static async Task<GrpcQueryServer> StartAsync(ListTraceStore store, QueryOptions? options = null, Action<IEndpointConventionBuilder>? grpcConventions = null)
    {
        options ??= new QueryOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ITraceStore>(store);
        builder.Services.AddSingleton<ITraceReader>(store);
        builder.Services.AddSingleton<IDependencyReader>(store);
        builder.Services.AddJaegerGrpcQuery(options);
        var app = builder.Build();
        var grpc = app.MapJaegerGrpcQuery(options);
        grpcConventions?.Invoke(grpc);
        app.MapJaegerQueryApi(options);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GrpcQueryServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
