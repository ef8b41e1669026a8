using Grpc.Core;
using TraceBackend.Model;
using TraceBackend.Query.ApiV3;
using TraceBackend.Query.Parsing;
using TraceBackend.Query.V1;
using TraceBackend.Storage;
using OtlpTrace = OpenTelemetry.Proto.Trace.V1;
using StatusCode = Grpc.Core.StatusCode;
using V3 = Jaeger.ApiV3;

namespace TraceBackend.Query.Grpc;

/// <summary>
/// <c>jaeger.api_v3.QueryService</c> (§1.9), the gRPC twin of the /api/v3 HTTP endpoints: the same lookups, search
/// rules, operation lists, summaries and OTLP content (<see cref="OtlpProtoMapping"/>). Trace streams carry the
/// spans of one trace per <c>TracesData</c> message (a trace over <see cref="MaxTracesDataBytes"/> is split).
/// </summary>
public sealed class JaegerApiV3QueryService : V3.QueryService.QueryServiceBase
{
    public const string MissingQueryMessage = "missing query";
    public const string TimesRequiredMessage = "start_time_min and start_time_max are required";
    public const string TimeOrderMessage = "start_time_min must be before start_time_max";
    public const string FilterNotSupportedMessage = "filter is not supported";
    public const string DependencyTimesRequiredMessage = "start_time and end_time are required";
    public const string DependencyTimeOrderMessage = "start_time must be before end_time";

    /// <summary>
    /// Largest encoded <c>TracesData</c> message sent for one trace (1 MiB, well below gRPC clients' default 4 MB receive
    /// limit); a larger trace is split over several messages, each holding a contiguous run of its spans.
    /// </summary>
    public const int MaxTracesDataBytes = 1024 * 1024;

    /// <summary>Summaries per <c>FindTraceSummariesResponse</c> message.</summary>
    public const int SummariesPerMessage = 100;

    private readonly TraceQueryService _service;
    private readonly QueryOptions _options;
    private readonly GrpcCalls _calls;

    internal JaegerApiV3QueryService(TraceQueryService service, QueryOptions options, GrpcCalls calls)
    {
        _service = service;
        _options = options;
        _calls = calls;
    }

    /// <summary>One trace (hex ID) as one <c>TracesData</c>; <c>NotFound</c> "trace not found"; a malformed ID → <c>InvalidArgument</c>.</summary>
    public override Task GetTrace(V3.GetTraceRequest request, IServerStreamWriter<OtlpTrace.TracesData> responseStream, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var id = TraceIdText.Parse(request.TraceId, RequestParams.V3Prefix("trace_id"));
            var start = ProtoTimes.ToDateTimeOffset(request.StartTime, "start_time");
            var end = ProtoTimes.ToDateTimeOffset(request.EndTime, "end_time");
            var trace = await _service.GetTraceAsync(id, start, end, request.RawTraces, context.CancellationToken)
                ?? throw new RpcException(new Status(StatusCode.NotFound, V1Api.TraceNotFoundMessage));
            await WriteTraceAsync(trace, responseStream, context.CancellationToken);
        });

    /// <summary>Matching traces, newest first, one <c>TracesData</c> each; <c>NotFound</c> "No traces found" when none (as HTTP answers 404).</summary>
    public override Task FindTraces(V3.FindTracesRequest request, IServerStreamWriter<OtlpTrace.TracesData> responseStream, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var (query, raw) = ToTraceQuery(request.Query);
            var traces = await _service.FindTracesAsync(query, raw, context.CancellationToken);
            if (traces.Count == 0)
            {
                throw new RpcException(new Status(StatusCode.NotFound, V3Api.NoTracesFoundMessage));
            }

            foreach (var trace in traces)
            {
                await WriteTraceAsync(trace, responseStream, context.CancellationToken);
            }
        });

    /// <summary>
    /// Summaries of the matching traces (computed after the adjusters; <c>raw_traces</c> ignored, as over HTTP), in
    /// messages of up to <see cref="SummariesPerMessage"/>; no message when nothing matches.
    /// </summary>
    public override Task FindTraceSummaries(V3.FindTraceSummariesRequest request, IServerStreamWriter<V3.FindTraceSummariesResponse> responseStream, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var (query, _) = ToTraceQuery(request.Query);
            var traces = await _service.FindTracesAsync(query, raw: false, context.CancellationToken);
            for (var offset = 0; offset < traces.Count; offset += SummariesPerMessage)
            {
                var message = new V3.FindTraceSummariesResponse();
                for (var i = offset; i < Math.Min(offset + SummariesPerMessage, traces.Count); i++)
                {
                    message.Summaries.Add(ToProto(TraceSummaryBuilder.Build(traces[i])));
                }

                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        });

    public override Task<V3.GetServicesResponse> GetServices(V3.GetServicesRequest request, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var response = new V3.GetServicesResponse();
            response.Services.Add(await _service.Reader.GetServicesAsync(context.CancellationToken));
            return response;
        });

    /// <summary>The /api/v3/operations list: each (name, kind) once, unknown kinds as <c>internal</c>.</summary>
    public override Task<V3.GetOperationsResponse> GetOperations(V3.GetOperationsRequest request, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var spanKind = string.IsNullOrEmpty(request.SpanKind) ? null : request.SpanKind;
            var operations = await V3Api.ListOperationsAsync(_service.Reader, request.Service, spanKind, context.CancellationToken);
            var response = new V3.GetOperationsResponse();
            foreach (var (name, kind) in operations)
            {
                response.Operations.Add(new V3.Operation { Name = name, SpanKind = kind });
            }

            return response;
        });

    /// <summary>Dependency links between <c>start_time</c> and <c>end_time</c> (both required, end after start).</summary>
    public override Task<V3.DependenciesResponse> GetDependencies(V3.GetDependenciesRequest request, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var start = ProtoTimes.ToDateTimeOffset(request.StartTime, "start_time");
            var end = ProtoTimes.ToDateTimeOffset(request.EndTime, "end_time");
            if (start is null || end is null)
            {
                throw new QueryParameterException(DependencyTimesRequiredMessage);
            }

            if (end <= start)
            {
                throw new QueryParameterException(DependencyTimeOrderMessage);
            }

            var links = await _service.GetDependenciesAsync(end.Value, end.Value - start.Value, null, context.CancellationToken);
            var response = new V3.DependenciesResponse();
            foreach (var link in links)
            {
                response.Dependencies.Add(new V3.Dependency { Parent = link.Parent, Child = link.Child, CallCount = link.CallCount });
            }

            return response;
        });

    /// <summary>
    /// The storage query of a v3 search, with the HTTP rules: both start times required and ordered, depth ≤ 0 → 100
    /// (clamped to <see cref="QueryOptions.MaxSearchDepth"/>), zero durations = no bound; a <c>filter</c> is refused
    /// rather than ignored (answering it would silently widen the search).
    /// </summary>
    private (TraceQuery Query, bool Raw) ToTraceQuery(V3.TraceQueryParameters? q)
    {
        if (q is null)
        {
            throw new QueryParameterException(MissingQueryMessage);
        }

        if (q.Filter is not null)
        {
            throw new QueryParameterException(FilterNotSupportedMessage);
        }

        var min = ProtoTimes.ToDateTimeOffset(q.StartTimeMin, "start_time_min");
        var max = ProtoTimes.ToDateTimeOffset(q.StartTimeMax, "start_time_max");
        if (min is null || max is null)
        {
            throw new QueryParameterException(TimesRequiredMessage);
        }

        if (max <= min)
        {
            throw new QueryParameterException(TimeOrderMessage);
        }

        var query = new TraceQuery
        {
            ServiceName = string.IsNullOrEmpty(q.ServiceName) ? null : q.ServiceName,
            OperationName = string.IsNullOrEmpty(q.OperationName) ? null : q.OperationName,
            Attributes = new Dictionary<string, string>(q.Attributes, StringComparer.Ordinal),
            StartTimeMin = min.Value,
            StartTimeMax = max.Value,
            DurationMin = ProtoTimes.ToTimeSpan(q.DurationMin, "duration_min"),
            DurationMax = ProtoTimes.ToTimeSpan(q.DurationMax, "duration_max"),
            SearchDepth = _options.ClampSearchDepth(q.SearchDepth),
        };
        return (query, q.RawTraces);
    }

    /// <summary>Writes one trace as one message, or as several when it encodes to more than <see cref="MaxTracesDataBytes"/>.</summary>
    private static async Task WriteTraceAsync(Trace trace, IServerStreamWriter<OtlpTrace.TracesData> stream, CancellationToken cancellationToken)
    {
        foreach (var message in Messages(trace.TraceId, trace.Spans.ToArray()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await stream.WriteAsync(message, cancellationToken);
        }
    }

    /// <summary>Halves the span run until each part fits (a single span is sent whatever its size).</summary>
    private static IEnumerable<OtlpTrace.TracesData> Messages(TraceId traceId, ArraySegment<Span> spans)
    {
        var data = OtlpProtoMapping.ToTracesData([new Trace(traceId, spans)]);
        if (spans.Count <= 1 || data.CalculateSize() <= MaxTracesDataBytes)
        {
            yield return data;
            yield break;
        }

        var half = spans.Count / 2;
        foreach (var part in Messages(traceId, spans[..half]))
        {
            yield return part;
        }

        foreach (var part in Messages(traceId, spans[half..]))
        {
            yield return part;
        }
    }

    private static V3.TraceSummary ToProto(TraceSummary summary)
    {
        var proto = new V3.TraceSummary
        {
            TraceId = summary.TraceId,
            RootServiceName = summary.RootServiceName,
            RootOperationName = summary.RootOperationName,
            MinStartTimeUnixNano = summary.MinStartTimeUnixNano,
            MaxEndTimeUnixNano = summary.MaxEndTimeUnixNano,
            SpanCount = summary.SpanCount,
            ErrorSpanCount = summary.ErrorSpanCount,
            OrphanSpanCount = summary.OrphanSpanCount,
        };
        foreach (var service in summary.Services)
        {
            proto.Services.Add(new V3.ServiceSummary { Name = service.Name, SpanCount = service.SpanCount, ErrorSpanCount = service.ErrorSpanCount });
        }

        return proto;
    }
}
