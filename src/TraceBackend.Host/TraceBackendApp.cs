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
using TraceBackend.Collector.Jaeger;
using TraceBackend.Collector.Jaeger.Thrift;
using TraceBackend.Collector.Zipkin;
using TraceBackend.Host.Admin;
using TraceBackend.Host.Demo;
using TraceBackend.Host.Jobs;
using TraceBackend.Host.Listeners;
using TraceBackend.Host.Options;
using TraceBackend.Host.Ui;
using TraceBackend.Query;
using TraceBackend.Query.Grpc;
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
    private readonly ITraceStore _store;
    private readonly ILoggerFactory _storageLogging;
    private bool _started;
    private bool _disposed;

    private TraceBackendApp(WebApplication app, Dictionary<string, ListenOptions> listeners, TraceBackendOptions options, ITraceStore store, ILoggerFactory storageLogging)
    {
        _app = app;
        _listeners = listeners;
        _store = store;
        _storageLogging = storageLogging;
        Options = options;
    }

    public TraceBackendOptions Options { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// The bound address of each listener (by <see cref="ListenerNames"/>), valid after <see cref="StartAsync"/>: the
    /// Kestrel endpoints, then the Jaeger agent UDP ports (<see cref="ListenerNames.JaegerAgentCompact"/>,
    /// <see cref="ListenerNames.JaegerAgentBinary"/>) when enabled.
    /// </summary>
    public IReadOnlyDictionary<string, IPEndPoint> Endpoints
    {
        get
        {
            var result = _listeners.ToDictionary(kv => kv.Key, kv => kv.Value.IPEndPoint ?? throw new InvalidOperationException("not started"));
            foreach (var udp in _app.Services.GetServices<JaegerAgentUdpListener>())
            {
                var name = udp.Protocol == ThriftProtocol.Compact ? ListenerNames.JaegerAgentCompact : ListenerNames.JaegerAgentBinary;
                result[name] = udp.LocalEndPoint ?? throw new InvalidOperationException("not started");
            }

            return result;
        }
    }

    /// <summary>
    /// Opens the storage backend (the embedded store recovers its WAL here, before any listener starts) and builds
    /// the app over it. A storage directory that cannot be opened throws <see cref="OptionsException"/>. The app owns
    /// the store and closes it in <see cref="DisposeAsync"/>, after the ingest pipeline has drained.
    /// </summary>
    public static async Task<TraceBackendApp> CreateAsync(TraceBackendOptions options, Action<ILoggingBuilder>? configureLogging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The store is opened before the web host is built, so it logs through a factory configured the same way.
        var storageLogging = LoggerFactory.Create(logging => ConfigureLogging(logging, options, configureLogging));
        ITraceStore store;
        try
        {
            store = await StorageFactory.OpenAsync(options, storageLogging, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            storageLogging.Dispose();
            throw;
        }

        try
        {
            return Build(options, configureLogging, store, storageLogging);
        }
        catch
        {
            await StorageFactory.CloseAsync(store).ConfigureAwait(false);
            storageLogging.Dispose();
            throw;
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, TraceBackendOptions options, Action<ILoggingBuilder>? configureLogging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        logging.SetMinimumLevel(Enum.Parse<LogLevel>(options.LogLevel, ignoreCase: true));
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        // The startup banner (TraceBackendProgram) says where we listen; keep the host's own lines quiet.
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        configureLogging?.Invoke(logging);
    }

    private static TraceBackendApp Build(TraceBackendOptions options, Action<ILoggingBuilder>? configureLogging, ITraceStore store, ILoggerFactory storageLogging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "tracebackend",
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureLogging(builder.Logging, options, configureLogging);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

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
            if (options.JaegerGrpcEnabled)
            {
                builder.Services.AddJaegerGrpcCollector();
                endpoints.Add((ListenerNames.JaegerGrpc, options.JaegerGrpc, HttpProtocols.Http2));
            }

            if (options.ZipkinEnabled)
            {
                endpoints.Add((ListenerNames.Zipkin, options.Zipkin, HttpProtocols.Http1));
            }

            if (options.JaegerThriftHttpEnabled)
            {
                endpoints.Add((ListenerNames.JaegerThriftHttp, options.JaegerThriftHttp, HttpProtocols.Http1));
            }

            if (options.JaegerAgentEnabled)
            {
                builder.Services.AddJaegerAgentUdp(new JaegerAgentOptions
                {
                    CompactEndpoint = new IPEndPoint(options.JaegerAgentCompact.Address, options.JaegerAgentCompact.Port),
                    BinaryEndpoint = new IPEndPoint(options.JaegerAgentBinary.Address, options.JaegerAgentBinary.Port),
                    ReceiveBufferBytes = options.JaegerAgentReceiveBufferBytes,
                });
            }
        }

        if (options.RunsDependenciesJob && DependenciesJob.Supports(store))
        {
            var job = new DependenciesJob((ITraceScanner)store, store, (IDependencyWriter)store);
            builder.Services.AddHostedService(sp => new DependenciesJobService(
                job, options.DependenciesInterval, options.DependenciesRefresh, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DependenciesJobService>>()));
        }

        var queryOptions = new QueryOptions { BasePath = options.QueryBasePath };
        if (options.RunsQuery)
        {
            builder.Services.AddTraceBackendQuery(queryOptions);
            endpoints.Add((ListenerNames.Query, options.QueryHttp, HttpProtocols.Http1));
            if (options.QueryGrpcEnabled)
            {
                builder.Services.AddJaegerGrpcQuery(queryOptions);
                endpoints.Add((ListenerNames.QueryGrpc, options.QueryGrpc, HttpProtocols.Http2));
            }
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
            if (options.JaegerGrpcEnabled)
            {
                app.MapJaegerGrpcCollector().WithMetadata(new ListenerMetadata(ListenerNames.JaegerGrpc));
            }

            if (options.ZipkinEnabled)
            {
                app.MapGroup("").WithMetadata(new ListenerMetadata(ListenerNames.Zipkin)).MapZipkinHttp();
            }

            if (options.JaegerThriftHttpEnabled)
            {
                app.MapGroup("").WithMetadata(new ListenerMetadata(ListenerNames.JaegerThriftHttp)).MapJaegerThriftHttp();
            }
        }

        if (options.RunsQuery)
        {
            var query = app.MapGroup("").WithMetadata(new ListenerMetadata(ListenerNames.Query));
            query.MapJaegerQueryApi(queryOptions);
            if (options.QueryGrpcEnabled)
            {
                app.MapJaegerGrpcQuery(queryOptions).WithMetadata(new ListenerMetadata(ListenerNames.QueryGrpc));
            }
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
        app.MapGroup("").WithMetadata(new ListenerMetadata(ListenerNames.Admin)).MapAdmin(upSince, StorageFactory.Describe(options));
        return new TraceBackendApp(app, listeners, options, store, storageLogging);
    }

    /// <summary>The storage backend the app serves; owned by the app.</summary>
    public ITraceStore Store => _store;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
    }

    /// <summary>Stops accepting, drains the ingest queue into storage, then stops. The store stays open until <see cref="DisposeAsync"/>.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Completes when the process is asked to stop (SIGTERM, SIGINT) and has stopped (ingest drained).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>
    /// Stops the app if it is still running, then disposes it and only then closes the store: the ingest pipeline
    /// writes to the store until its drain, which runs in the host's stop.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (_started && !_app.Lifetime.ApplicationStopped.IsCancellationRequested)
            {
                await _app.StopAsync().ConfigureAwait(false);
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await StorageFactory.CloseAsync(_store).ConfigureAwait(false);
            _storageLogging.Dispose();
        }
    }
}
