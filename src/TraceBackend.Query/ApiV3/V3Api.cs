using Microsoft.AspNetCore.Http;
using TraceBackend.Model;
using TraceBackend.Query.Json;
using TraceBackend.Query.Parsing;
using TraceBackend.Query.V1;
using TraceBackend.Storage;

namespace TraceBackend.Query.ApiV3;

/// <summary>
/// The <c>/api/v3</c> HTTP endpoints (§1.8): OTLP/JSON bodies, camelCase parameters with snake_case aliases,
/// errors as <c>{"error":{"httpCode":…,"message":…}}</c>.
/// </summary>
public sealed class V3Api
{
    public const string NoTracesFoundMessage = "No traces found";

    private const string InternalKindName = "internal";

    private readonly TraceQueryService _service;
    private readonly QueryOptions _options;
    private readonly ApiErrors _errors;

    internal V3Api(TraceQueryService service, QueryOptions options, ApiErrors errors)
    {
        _service = service;
        _options = options;
        _errors = errors;
    }

    /// <summary><c>GET /api/v3/services</c> → <c>{"services":[…]}</c> (always an array).</summary>
    public Task GetServices(HttpContext context) => _errors.RunV3(context, async ctx =>
    {
        var services = await _service.Reader.GetServicesAsync(ctx.RequestAborted);
        var writer = JsonOutput.Begin(ctx, false);
        writer.WriteStartObject();
        writer.WriteStartArray("services");
        foreach (var s in services)
        {
            writer.WriteStringValue(s);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await JsonOutput.CompleteAsync(writer, ctx);
    });

    /// <summary>
    /// <c>GET /api/v3/operations?service=&amp;spanKind=</c> → <c>{"operations":[{"name","spanKind"}]}</c>; every item
    /// has both fields, an unknown kind reads <c>internal</c> (as Jaeger substitutes). Because of that substitution
    /// the <c>internal</c> filter also selects operations of unknown kind, and each (name, displayed kind) pair is
    /// listed once, in storage order.
    /// </summary>
    public Task GetOperations(HttpContext context) => _errors.RunV3(context, async ctx =>
    {
        var query = ctx.Request.Query;
        var operations = await ListOperationsAsync(
            _service.Reader, query.First("service") ?? "", query.First("spanKind", "span_kind", out _), ctx.RequestAborted);
        var writer = JsonOutput.Begin(ctx, false);
        writer.WriteStartObject();
        writer.WriteStartArray("operations");
        foreach (var (name, kind) in operations)
        {
            writer.WriteStartObject();
            writer.WriteString(JsonNames.Name, name);
            writer.WriteString(JsonNames.SpanKind, kind);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await JsonOutput.CompleteAsync(writer, ctx);
    });

    /// <summary><c>GET /api/v3/traces/{trace_id}</c> → <c>{"result":TracesData}</c>, 404 <c>trace not found</c>.</summary>
    public Task GetTrace(HttpContext context) => _errors.RunV3(context, async ctx =>
    {
        var query = ctx.Request.Query;
        var id = TraceIdText.Parse(ctx.Request.RouteValues["trace_id"] as string, RequestParams.V3Prefix("trace_id"));
        var startText = query.First("startTime", "start_time", out var startName);
        var start = RequestParams.Time(startText, RequestParams.V3Prefix(startName));
        var endText = query.First("endTime", "end_time", out var endName);
        var end = RequestParams.Time(endText, RequestParams.V3Prefix(endName));
        var rawText = query.First("rawTraces", "raw_traces", out var rawName);
        var raw = RequestParams.Bool(rawText, RequestParams.V3Prefix(rawName));
        var trace = await _service.GetTraceAsync(id, start, end, raw, ctx.RequestAborted);
        if (trace is null)
        {
            await ApiErrors.WriteV3Async(ctx, StatusCodes.Status404NotFound, V1Api.TraceNotFoundMessage);
            return;
        }

        await WriteResultAsync(ctx, [trace]);
    });

    /// <summary><c>GET /api/v3/traces?query.*</c> → all matching traces in one <c>TracesData</c>; 404 when none.</summary>
    public Task FindTraces(HttpContext context) => _errors.RunV3(context, async ctx =>
    {
        var (query, raw) = V3SearchParams.Parse(ctx.Request.Query, _options);
        var traces = await _service.FindTracesAsync(query, raw, ctx.RequestAborted);
        if (traces.Count == 0)
        {
            await ApiErrors.WriteV3Async(ctx, StatusCodes.Status404NotFound, NoTracesFoundMessage);
            return;
        }

        await WriteResultAsync(ctx, traces);
    });

    /// <summary>
    /// <c>GET /api/v3/trace-summaries?query.*</c> → <c>{"summaries":[…]}</c> (empty list when nothing matches).
    /// Summaries are computed after the adjusters; <c>rawTraces</c> is ignored.
    /// </summary>
    public Task FindTraceSummaries(HttpContext context) => _errors.RunV3(context, async ctx =>
    {
        var (query, _) = V3SearchParams.Parse(ctx.Request.Query, _options);
        var traces = await _service.FindTracesAsync(query, raw: false, ctx.RequestAborted);
        var writer = JsonOutput.Begin(ctx, false);
        writer.WriteStartObject();
        writer.WriteStartArray("summaries");
        foreach (var trace in traces)
        {
            TraceSummaryJson.Write(writer, TraceSummaryBuilder.Build(trace));
            await JsonOutput.FlushIfLargeAsync(writer, ctx);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await JsonOutput.CompleteAsync(writer, ctx);
    });

    /// <summary>
    /// <c>GET /api/v3/dependencies?startTime=&amp;endTime=</c> (RFC 3339, both required, end after start) →
    /// <c>{"dependencies":[{"parent","child","callCount":"n"}]}</c>.
    /// </summary>
    public Task GetDependencies(HttpContext context) => _errors.RunV3(context, async ctx =>
    {
        var query = ctx.Request.Query;
        var startText = query.First("startTime", "start_time", out var startName);
        var endText = query.First("endTime", "end_time", out var endName);
        if (startText is null || endText is null)
        {
            throw new QueryParameterException("startTime and endTime are required");
        }

        var start = RequestParams.Time(startText, RequestParams.V3Prefix(startName))!.Value;
        var end = RequestParams.Time(endText, RequestParams.V3Prefix(endName))!.Value;
        if (end <= start)
        {
            throw new QueryParameterException("startTime must be before endTime");
        }

        var links = await _service.GetDependenciesAsync(end, end - start, null, ctx.RequestAborted);
        var writer = JsonOutput.Begin(ctx, false);
        writer.WriteStartObject();
        writer.WriteStartArray("dependencies");
        foreach (var link in links)
        {
            writer.WriteStartObject();
            writer.WriteString(JsonNames.Parent, link.Parent);
            writer.WriteString(JsonNames.Child, link.Child);
            writer.WriteString(JsonNames.CallCount, link.CallCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await JsonOutput.CompleteAsync(writer, ctx);
    });

    /// <summary><c>{"result":TracesData}</c>, flushed to the client in pieces of about 64 KB while it is written.</summary>
    private static async Task WriteResultAsync(HttpContext context, IReadOnlyList<Trace> traces)
    {
        var writer = JsonOutput.Begin(context, false);
        writer.WriteStartObject();
        writer.WritePropertyName("result");
        await OtlpJsonWriter.WriteTracesDataAsync(writer, traces, () => JsonOutput.FlushIfLargeAsync(writer, context));
        writer.WriteEndObject();
        await JsonOutput.CompleteAsync(writer, context);
    }

    /// <summary>
    /// The v3 operation list (shared by HTTP and gRPC): (name, displayed kind) pairs, each once, in storage order; an
    /// unknown kind reads <c>internal</c>, so the <c>internal</c> filter also selects operations of unknown kind.
    /// </summary>
    internal static async ValueTask<IReadOnlyList<(string Name, string Kind)>> ListOperationsAsync(
        ITraceReader reader, string serviceName, string? spanKind, CancellationToken cancellationToken)
    {
        IReadOnlyList<Operation> operations = spanKind == InternalKindName
            ? [.. (await reader.GetOperationsAsync(new OperationQuery(serviceName), cancellationToken))
                .Where(static op => op.Kind is SpanKind.Internal or SpanKind.Unspecified)]
            : await V1Api.GetOperationsByKindAsync(reader, serviceName, spanKind, cancellationToken);
        var seen = new HashSet<(string Name, string Kind)>();
        var result = new List<(string Name, string Kind)>(operations.Count);
        foreach (var op in operations)
        {
            var pair = (op.Name, DisplayedKind(op.Kind));
            if (seen.Add(pair))
            {
                result.Add(pair);
            }
        }

        return result;
    }

    /// <summary>The v3 kind name: Jaeger's lower-case name, with <c>internal</c> for an unknown kind.</summary>
    private static string DisplayedKind(SpanKind kind) => kind == SpanKind.Unspecified ? InternalKindName : SpanKindNames.ToJaeger(kind);
}
