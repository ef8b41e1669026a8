using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraceBackend.Storage;

namespace TraceBackend.Query.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (port 0) hosting the query API over a <see cref="ListTraceStore"/>, plus a
/// catch-all fallback that answers <c>SPA</c> (standing in for the UI) so tests can see what falls through.
/// </summary>
internal sealed class QueryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private QueryServer(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<QueryServer> StartAsync(ListTraceStore store, QueryOptions? options = null)
    {
        options ??= new QueryOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ITraceStore>(store);
        builder.Services.AddSingleton<ITraceReader>(store);
        builder.Services.AddSingleton<IDependencyReader>(store);
        builder.Services.AddTraceBackendQuery(options);
        var app = builder.Build();
        app.MapJaegerQueryApi(options);
        app.MapFallback(context => context.Response.WriteAsync("SPA"));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new QueryServer(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async Task<Reply> GetAsync(string pathAndQuery) => await Reply.ReadAsync(await Client.GetAsync(pathAndQuery, TestContext.Current.CancellationToken));

    public async Task<Reply> PostAsync(string pathAndQuery) =>
        await Reply.ReadAsync(await Client.PostAsync(pathAndQuery, new StringContent(""), TestContext.Current.CancellationToken));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A response read completely: status, media type, body text and (when it parses) JSON.</summary>
    internal sealed record Reply(int Status, MediaTypeHeaderValue? ContentType, string Body, HttpResponseMessage Message)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public static async Task<Reply> ReadAsync(HttpResponseMessage response)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return new Reply((int)response.StatusCode, response.Content.Headers.ContentType, body, response);
        }
    }
}
