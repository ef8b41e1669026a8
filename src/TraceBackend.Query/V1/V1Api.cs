using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TraceBackend.Model;
using TraceBackend.Query.Json;
using TraceBackend.Storage;

namespace TraceBackend.Query.V1;

/// <summary>
/// The Jaeger v1 JSON API (§1.2–§1.3): services, operations, dependencies and the 501/500 stubs for metrics and
/// archive. Trace endpoints are in <c>V1Api.Traces.cs</c>. All responses use the v1 envelope.
/// </summary>
public sealed partial class V1Api
{
    public const string MetricsDisabledMessage = "trace metrics are currently disabled - no metrics backend configured";
    public const string ArchiveNotConfiguredMessage = "archive span storage was not configured";
    public const string ServiceRequiredMessage = "parameter 'service' is required";
    public const string TraceNotFoundMessage = "trace not found";

    private static readonly TimeSpan s_defaultDependenciesLookback = TimeSpan.FromHours(24);

    private readonly TraceQueryService _service;
    private readonly QueryOptions _options;
    private readonly TimeProvider _time;
    private readonly ApiErrors _errors;

    internal V1Api(TraceQueryService service, QueryOptions options, TimeProvider time, ApiErrors errors)
    {
        _service = service;
        _options = options;
        _time = time;
        _errors = errors;
    }

    /// <summary><c>GET /api/services</c>: <c>data</c> = service names, <c>total</c> = count.</summary>
    public Task GetServices(HttpContext context) => _errors.RunV1(context, async ctx =>
    {
        var services = await _service.Reader.GetServicesAsync(ctx.RequestAborted);
        await WriteStringsAsync(ctx, services);
    });

    /// <summary><c>GET /api/services/{service}/operations</c>: distinct operation names of all kinds.</summary>
    public Task GetServiceOperations(HttpContext context) => _errors.RunV1(context, async ctx =>
    {
        var serviceName = ServiceFromRawPath(ctx);
        var operations = await _service.Reader.GetOperationsAsync(new OperationQuery(serviceName), ctx.RequestAborted);
        var names = new List<string>(operations.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            if (seen.Add(op.Name))
            {
                names.Add(op.Name);
            }
        }

        await WriteStringsAsync(ctx, names);
    });

    /// <summary><c>GET /api/operations?service=&amp;spanKind=</c>: <c>[{name, spanKind}]</c>.</summary>
    public Task GetOperations(HttpContext context) => _errors.RunV1(context, async ctx =>
    {
        var query = ctx.Request.Query;
        var serviceName = query.First("service") ?? throw new QueryParameterException(ServiceRequiredMessage);
        var operations = await GetOperationsByKindAsync(_service.Reader, serviceName, query.First("spanKind"), ctx.RequestAborted);
        var writer = JsonOutput.Begin(ctx, query.PrettyPrint());
        V1Envelope.WriteStart(writer);
        writer.WriteStartArray();
        foreach (var op in operations)
        {
            writer.WriteStartObject();
            writer.WriteString(JsonNames.Name, op.Name);
            writer.WriteString(JsonNames.SpanKind, SpanKindNames.ToJaeger(op.Kind));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        V1Envelope.WriteEnd(writer, operations.Count);
        await JsonOutput.CompleteAsync(writer, ctx);
    });

    /// <summary><c>GET /api/dependencies?endTs=&amp;lookback=&amp;service=</c> (ms; defaults now and 24 h).</summary>
    public Task GetDependencies(HttpContext context) => _errors.RunV1(context, async ctx =>
    {
        var query = ctx.Request.Query;
        var endTs = RequestParams.Int(query.First("endTs"), 64, RequestParams.V1Prefix("endTs")) is { } end
            ? UnixTimes.FromMillis(end)
            : _time.GetUtcNow();
        var lookback = RequestParams.Int(query.First("lookback"), 64, RequestParams.V1Prefix("lookback")) is { } ms
            ? UnixTimes.MillisToTimeSpan(ms)
            : s_defaultDependenciesLookback;
        var links = await _service.GetDependenciesAsync(endTs, lookback, query.First("service"), ctx.RequestAborted);
        var writer = JsonOutput.Begin(ctx, query.PrettyPrint());
        V1Envelope.WriteStart(writer);
        writer.WriteStartArray();
        foreach (var link in links)
        {
            writer.WriteStartObject();
            writer.WriteString(JsonNames.Parent, link.Parent);
            writer.WriteString(JsonNames.Child, link.Child);
            writer.WriteNumber(JsonNames.CallCount, link.CallCount);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        V1Envelope.WriteEnd(writer);
        await JsonOutput.CompleteAsync(writer, ctx);
    });

    /// <summary><c>/api/metrics/*</c>: there is no metrics backend, so 501 as Jaeger answers then.</summary>
    public Task GetMetrics(HttpContext context) =>
        ApiErrors.WriteV1Async(context, StatusCodes.Status501NotImplemented, MetricsDisabledMessage);

    /// <summary><c>POST /api/archive/{traceID}</c>: 400 for a malformed ID, else 500 (no archive storage).</summary>
    public Task PostArchive(HttpContext context) => _errors.RunV1(context, ctx =>
    {
        _ = Parsing.TraceIdText.Parse(ctx.Request.RouteValues["traceID"] as string);
        return ApiErrors.WriteV1Async(ctx, StatusCodes.Status500InternalServerError, ArchiveNotConfiguredMessage);
    });

    /// <summary>
    /// Operations of a service filtered by a Jaeger kind name compared verbatim (<c>server</c>, <c>client</c>, …);
    /// null/empty = all kinds; any other value matches nothing.
    /// </summary>
    internal static async ValueTask<IReadOnlyList<Operation>> GetOperationsByKindAsync(
        ITraceReader reader, string serviceName, string? spanKind, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(spanKind))
        {
            return await reader.GetOperationsAsync(new OperationQuery(serviceName), cancellationToken);
        }

        if (!SpanKindNames.TryParseJaeger(spanKind, out var kind) || SpanKindNames.ToJaeger(kind) != spanKind)
        {
            return [];
        }

        return await reader.GetOperationsAsync(new OperationQuery(serviceName, kind), cancellationToken);
    }

    /// <summary>
    /// The <c>{service}</c> segment unescaped from the raw request target, because the decoded path keeps
    /// <c>%2F</c> encoded (and decoding it again would double-decode <c>%25</c>).
    /// </summary>
    private static string ServiceFromRawPath(HttpContext context)
    {
        const string suffix = "/operations";
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            raw = raw[..q];
        }

        if (raw.EndsWith(suffix, StringComparison.Ordinal))
        {
            raw = raw[..^suffix.Length];
            var slash = raw.LastIndexOf('/');
            if (slash >= 0)
            {
                return Uri.UnescapeDataString(raw[(slash + 1)..]);
            }
        }

        return Uri.UnescapeDataString(context.Request.RouteValues["service"] as string ?? "");
    }

    private static async Task WriteStringsAsync(HttpContext context, IReadOnlyCollection<string> values)
    {
        var writer = JsonOutput.Begin(context, context.Request.Query.PrettyPrint());
        V1Envelope.WriteStart(writer);
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
        V1Envelope.WriteEnd(writer, values.Count);
        await JsonOutput.CompleteAsync(writer, context);
    }
}
