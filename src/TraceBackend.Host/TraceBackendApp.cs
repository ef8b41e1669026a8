using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TraceBackend.Collector;
using TraceBackend.Host.Admin;
using TraceBackend.Host.Demo;
using TraceBackend.Host.Listeners;
using TraceBackend.Host.Options;
using TraceBackend.Host.Ui;
using TraceBackend.Query;
using TraceBackend.Storage;

namespace TraceBackend.Host;

/// <summary>
/// The process: the roles chosen by <see cref="TraceBackendOptions.Role"/> over one storage backend, each
/// protocol on its own Kestrel endpoint. Tests create it with port 0 and read <see cref="Endpoints"/>.
/// </summary>
public sealed class TraceBackendApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, ListenOptions> _listeners;

    private TraceBackendApp(WebApplication app, Dictionary<string, ListenOptions> listeners, TraceBackendOptions options)
    {
        _app = app;
        _listeners = listeners;
        Options = options;
    }

    public TraceBackendOptions Options { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The bound address of each listener (by <see cref="ListenerNames"/>), valid after <see cref="StartAsync"/>.</summary>
    public IReadOnlyDictionary<string, IPEndPoint> Endpoints =>
        _listeners.ToDictionary(kv => kv.Key, kv => kv.Value.IPEndPoint ?? throw new InvalidOperationException("not started"));

    public static TraceBackendApp Create(TraceBackendOptions options, Action<ILoggingBuilder>? configureLogging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "tracebackend",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(options.LogLevel, ignoreCase: true));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        // The startup banner (TraceBackendProgram) says where we listen; keep the host's own lines quiet.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var store = StorageFactory.Create(options);
        builder.Services.AddTraceStore(store);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Routing.MatcherPolicy, ListenerMatcherPolicy>();

        var listeners = new Dictionary<string, ListenOptions>();
        var endpoints = new List<(string Name, ListenAddress Address, HttpProtocols Protocols)>();
        if (options.RunsCollector)
        {
            builder.Services.AddTraceBackendCollector(new CollectorOptions
            {
                QueueCapacitySpans = options.IngestQueueSpans,
                MaxBatchSpans = options.IngestBatchSpans,
                GrpcMaxReceiveMessageBytes = options.OtlpGrpcMaxRecvBytes,
                HttpMaxBodyBytes = options.OtlpHttpMaxBodyBytes,
                CorsAllowedOrigins = options.OtlpHttpCorsOrigins,
            });
            if (options.Demo)
            {
                builder.Services.AddHostedService<DemoTrafficService>();
            }

            endpoints.Add((ListenerNames.OtlpGrpc, options.OtlpGrpc, HttpProtocols.Http2));
            endpoints.Add((ListenerNames.OtlpHttp, options.OtlpHttp, HttpProtocols.Http1));
        }

        var queryOptions = new QueryOptions { BasePath = options.QueryBasePath };
        if (options.RunsQuery)
        {
            builder.Services.AddTraceBackendQuery(queryOptions);
            endpoints.Add((ListenerNames.Query, options.QueryHttp, HttpProtocols.Http1));
        }

        endpoints.Add((ListenerNames.Admin, options.AdminHttp, HttpProtocols.Http1));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Kestrel's default body limit (30 MB) stays for every port; OTLP/HTTP sets its own per request
            // (--otlp-http-max-body-bytes), so does /api/transform.
            foreach (var (name, address, protocols) in endpoints)
            {
                kestrel.Listen(address.Address, address.Port, listen =>
                {
                    listen.Protocols = protocols;
                    ListenerConnection.Tag(listen, name);
                    listeners[name] = listen;
                });
            }
        });

        var app = builder.Build();
        if (options.RunsCollector)
        {
            app.MapGrpcService<OtlpGrpcTraceService>().WithMetadata(new ListenerMetadata(ListenerNames.OtlpGrpc));
            app.MapGroup("").WithMetadata(new ListenerMetadata(ListenerNames.OtlpHttp)).MapOtlpHttp();
        }

        if (options.RunsQuery)
        {
            var query = app.MapGroup("").WithMetadata(new ListenerMetadata(ListenerNames.Query));
            query.MapJaegerQueryApi(queryOptions);
            var version = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["gitCommit"] = "",
                ["gitVersion"] = typeof(TraceBackendApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
                ["buildDate"] = "",
            });
            var uiConfig = options.UiConfig;
            var injection = new UiInjection(
                uiConfig is not null && uiConfig.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? File.ReadAllText(uiConfig) : null,
                uiConfig is not null && uiConfig.EndsWith(".js", StringComparison.OrdinalIgnoreCase) ? File.ReadAllText(uiConfig) : null,
                version,
                UiCapabilities.StorageCapabilitiesJson(),
                UiCapabilities.BackendCapabilitiesJson(store.Capabilities),
                options.QueryBasePath);
            query.MapGroup(options.QueryBasePath).MapJaegerUi(options.QueryBasePath, options.UiPath, () => injection);
        }

        var upSince = DateTimeOffset.UtcNow;
        app.MapGroup("").WithMetadata(new ListenerMetadata(ListenerNames.Admin)).MapAdmin(upSince);
        return new TraceBackendApp(app, listeners, options);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    /// <summary>Stops accepting, drains the ingest queue into storage, then stops.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Completes when the process is asked to stop (SIGTERM, SIGINT) and has stopped.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
