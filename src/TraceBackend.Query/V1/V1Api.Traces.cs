using Microsoft.AspNetCore.Http;
using TraceBackend.Model;
using TraceBackend.Query.Json;
using TraceBackend.Query.Parsing;
using TraceBackend.Storage;

namespace TraceBackend.Query.V1;

/// <summary>Trace endpoints: search, multi-get and get-by-ID.</summary>
public sealed partial class V1Api
{
    public const string MaxDurationMessage = "'maxDuration' should be greater than 'minDuration'";

    /// <summary><c>GET /api/traces</c>: search, or multi-get when <c>traceID</c> is given.</summary>
    public Task FindTraces(HttpContext context) => _errors.RunV1(context, async ctx =>
    {
        var query = ctx.Request.Query;
        var now = _time.GetUtcNow();
        var startText = query.First("start");
        var endText = query.First("end");
        var start = RequestParams.Int(startText, 64, RequestParams.V1Prefix("start")) is { } s ? UnixTimes.FromMicros(s) : now - _options.DefaultSearchLookback;
        var end = RequestParams.Int(endText, 64, RequestParams.V1Prefix("end")) is { } e ? UnixTimes.FromMicros(e) : now;
        var tags = TagParameters.Parse(query.All("tag"), query.All("tags"));
        var limit = RequestParams.Int(query.First("limit"), 32, RequestParams.V1Prefix("limit"));
        var minDuration = RequestParams.Duration(query.First("minDuration"), RequestParams.V1Prefix("minDuration")) ?? 0;
        var maxDuration = RequestParams.Duration(query.First("maxDuration"), RequestParams.V1Prefix("maxDuration")) ?? 0;
        var requestedIds = new List<(string Text, TraceId Id)>();
        foreach (var text in query.All("traceID"))
        {
            requestedIds.Add((text ?? "", TraceIdText.Parse(text, RequestParams.V1Prefix("traceID"))));
        }

        var raw = RequestParams.Bool(query.First("raw"), RequestParams.V1Prefix("raw"));
        var serviceName = query.First("service");
        if (requestedIds.Count == 0 && serviceName is null && !_service.Capabilities.SearchWithoutServiceName)
        {
            throw new QueryParameterException(TraceQueryService.ServiceRequiredByStorageMessage);
        }

        if (minDuration != 0 && maxDuration != 0 && maxDuration < minDuration)
        {
            throw new QueryParameterException(MaxDurationMessage);
        }

        IReadOnlyList<Trace> traces;
        List<V1Envelope.Error>? errors = null;
        if (requestedIds.Count > 0)
        {
            // Explicit start/end are lookup hints; the defaults are not (they would only make misses likelier).
            traces = await _service.GetTracesAsync(
                [.. requestedIds.Select(static r => r.Id)],
                startText is null ? null : start,
                endText is null ? null : end,
                raw,
                ctx.RequestAborted);
            var found = traces.Select(static t => t.TraceId).ToHashSet();
            var reported = new HashSet<TraceId>();
            foreach (var (text, id) in requestedIds)
            {
                if (!found.Contains(id) && reported.Add(id))
                {
                    (errors ??= []).Add(new V1Envelope.Error(0, TraceNotFoundMessage, text));
                }
            }
        }
        else
        {
            var traceQuery = new TraceQuery
            {
                ServiceName = serviceName,
                OperationName = query.First("operation"),
                Attributes = tags,
                StartTimeMin = start,
                StartTimeMax = end,
                DurationMin = minDuration != 0 ? GoDuration.ToTimeSpan(minDuration) : null,
                DurationMax = maxDuration != 0 ? GoDuration.ToTimeSpan(maxDuration) : null,
                SearchDepth = _options.ClampSearchDepth(limit),
            };
            traces = await _service.FindTracesAsync(traceQuery, raw, ctx.RequestAborted);
        }

        await WriteTracesAsync(ctx, traces, errors);
    });

    /// <summary><c>GET /api/traces/{traceID}</c>: exactly one trace, or 404 <c>trace not found</c>.</summary>
    public Task GetTrace(HttpContext context) => _errors.RunV1(context, async ctx =>
    {
        var query = ctx.Request.Query;
        var id = TraceIdText.Parse(ctx.Request.RouteValues["traceID"] as string);
        var start = RequestParams.Int(query.First("start"), 64, RequestParams.V1Prefix("start")) is { } s ? UnixTimes.FromMicrosOrMillisHint(s) : (DateTimeOffset?)null;
        var end = RequestParams.Int(query.First("end"), 64, RequestParams.V1Prefix("end")) is { } e ? UnixTimes.FromMicrosOrMillisHint(e) : (DateTimeOffset?)null;
        var raw = RequestParams.Bool(query.First("raw"), RequestParams.V1Prefix("raw"));
        var trace = await _service.GetTraceAsync(id, start, end, raw, ctx.RequestAborted);
        if (trace is null)
        {
            await ApiErrors.WriteV1Async(ctx, StatusCodes.Status404NotFound, TraceNotFoundMessage);
            return;
        }

        await WriteTracesAsync(ctx, [trace], null);
    });

    private static async Task WriteTracesAsync(HttpContext context, IReadOnlyList<Trace> traces, List<V1Envelope.Error>? errors)
    {
        var writer = JsonOutput.Begin(context, context.Request.Query.PrettyPrint());
        V1Envelope.WriteStart(writer);
        writer.WriteStartArray();
        foreach (var trace in traces)
        {
            JaegerTraceWriter.WriteTrace(writer, trace);
            await JsonOutput.FlushIfLargeAsync(writer, context);
        }

        writer.WriteEndArray();
        V1Envelope.WriteEnd(writer, 0, errors);
        await JsonOutput.CompleteAsync(writer, context);
    }
}
