using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>
/// A loopback HTTP server (Kestrel on 127.0.0.1, port 0) standing in for a cluster: it records every request and
/// answers with <see cref="Handler"/>. Tests check the recorded bodies against the query shapes of reference §4.6.
/// </summary>
public sealed class FakeElasticsearch : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeElasticsearch(WebApplication app, Func<RecordedRequest, FakeResponse> handler)
    {
        _app = app;
        Handler = handler;
    }

    public Func<RecordedRequest, FakeResponse> Handler { get; set; }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The recorded requests whose path ends with <paramref name="suffix"/> (e.g. <c>/_bulk</c>).</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string suffix) => [.. _requests.Where(r => r.Path.EndsWith(suffix, StringComparison.Ordinal))];

    public static async Task<FakeElasticsearch> StartAsync(Func<RecordedRequest, FakeResponse> handler, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var fake = new FakeElasticsearch(app, handler);
        app.Run(fake.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.Authorization.FirstOrDefault(),
            context.Request.ContentType,
            body.ToArray());
        _requests.Enqueue(request);
        FakeResponse response;
        try
        {
            response = Handler(request);
        }
        catch (Exception ex)
        {
            response = FakeResponse.Error(500, "test_handler_failure", ex.Message.Replace('"', '\''));
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }
}
