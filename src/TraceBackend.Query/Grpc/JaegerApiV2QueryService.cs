using Grpc.Core;
using TraceBackend.Model;
using TraceBackend.Query.V1;
using TraceBackend.Storage;
using StatusCode = Grpc.Core.StatusCode;
using V2 = Jaeger.ApiV2;

namespace TraceBackend.Query.Grpc;

/// <summary>
/// <c>jaeger.api_v2.QueryService</c> (§1.9) over the same <see cref="TraceQueryService"/> as the v1 HTTP API: same
/// adjusters (unless <c>raw_traces</c>), same search rules (default window, depth clamp, duration check), spans mapped
/// as the v1 JSON maps them (<see cref="ApiV2ProtoMapping"/>) and streamed in chunks of <see cref="ChunkSize"/>.
/// </summary>
public sealed class JaegerApiV2QueryService : V2.QueryService.QueryServiceBase
{
    /// <summary>Spans per <c>SpansResponseChunk</c>, as Jaeger sends them.</summary>
    public const int ChunkSize = 10;

    public const string MissingQueryMessage = "missing query";
    public const string DependencyTimesRequiredMessage = "StartTime and EndTime must be initialized.";
    public const string InvalidTraceIdMessage = "invalid trace_id: expected 8 or 16 bytes, got ";

    private readonly TraceQueryService _service;
    private readonly QueryOptions _options;
    private readonly TimeProvider _time;
    private readonly GrpcCalls _calls;

    internal JaegerApiV2QueryService(TraceQueryService service, QueryOptions options, TimeProvider time, GrpcCalls calls)
    {
        _service = service;
        _options = options;
        _time = time;
        _calls = calls;
    }

    /// <summary>One trace in chunks; <c>NotFound</c> "trace not found" when absent. Start/end are lookup hints.</summary>
    public override Task GetTrace(V2.GetTraceRequest request, IServerStreamWriter<V2.SpansResponseChunk> responseStream, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var id = ParseTraceId(request.TraceId);
            var start = ProtoTimes.ToDateTimeOffset(request.StartTime, "start_time");
            var end = ProtoTimes.ToDateTimeOffset(request.EndTime, "end_time");
            var trace = await _service.GetTraceAsync(id, start, end, request.RawTraces, context.CancellationToken);
            if (trace is null)
            {
                throw new RpcException(new Status(StatusCode.NotFound, V1Api.TraceNotFoundMessage));
            }

            await WriteChunksAsync(trace, responseStream, context.CancellationToken);
        });

    /// <summary>Not supported: there is no archive storage (as Jaeger answers without one).</summary>
    public override Task<V2.ArchiveTraceResponse> ArchiveTrace(V2.ArchiveTraceRequest request, ServerCallContext context) =>
        Task.FromException<V2.ArchiveTraceResponse>(new RpcException(new Status(StatusCode.Unimplemented, V1Api.ArchiveNotConfiguredMessage)));

    /// <summary>
    /// A search with the v1 HTTP rules: absent <c>start_time_min</c>/<c>max</c> → now − default lookback / now;
    /// <c>search_depth</c> ≤ 0 → 100, clamped to <see cref="QueryOptions.MaxSearchDepth"/>; zero durations mean no
    /// bound; max below min → <c>InvalidArgument</c>. Each trace is streamed in its own chunks (newest trace first).
    /// </summary>
    public override Task FindTraces(V2.FindTracesRequest request, IServerStreamWriter<V2.SpansResponseChunk> responseStream, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var q = request.Query ?? throw new QueryParameterException(MissingQueryMessage);
            var now = _time.GetUtcNow();
            var minDuration = ProtoTimes.ToTimeSpan(q.DurationMin, "duration_min");
            var maxDuration = ProtoTimes.ToTimeSpan(q.DurationMax, "duration_max");
            if (minDuration is { } dmin && maxDuration is { } dmax && dmax < dmin)
            {
                throw new QueryParameterException(V1Api.MaxDurationMessage);
            }

            var query = new TraceQuery
            {
                ServiceName = string.IsNullOrEmpty(q.ServiceName) ? null : q.ServiceName,
                OperationName = string.IsNullOrEmpty(q.OperationName) ? null : q.OperationName,
                Attributes = new Dictionary<string, string>(q.Tags, StringComparer.Ordinal),
                StartTimeMin = ProtoTimes.ToDateTimeOffset(q.StartTimeMin, "start_time_min") ?? now - _options.DefaultSearchLookback,
                StartTimeMax = ProtoTimes.ToDateTimeOffset(q.StartTimeMax, "start_time_max") ?? now,
                DurationMin = minDuration,
                DurationMax = maxDuration,
                SearchDepth = _options.ClampSearchDepth(q.SearchDepth),
            };
            foreach (var trace in await _service.FindTracesAsync(query, q.RawTraces, context.CancellationToken))
            {
                await WriteChunksAsync(trace, responseStream, context.CancellationToken);
            }
        });

    public override Task<V2.GetServicesResponse> GetServices(V2.GetServicesRequest request, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var response = new V2.GetServicesResponse();
            response.Services.Add(await _service.Reader.GetServicesAsync(context.CancellationToken));
            return response;
        });

    /// <summary>
    /// Operations of a service, filtered by a Jaeger kind name as <c>/api/operations</c> filters: <c>operations</c> with
    /// the kind names the HTTP API reports (empty for an unknown kind), and the deprecated <c>operationNames</c> = the
    /// distinct names in the same order.
    /// </summary>
    public override Task<V2.GetOperationsResponse> GetOperations(V2.GetOperationsRequest request, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var operations = await V1Api.GetOperationsByKindAsync(_service.Reader, request.Service, request.SpanKind, context.CancellationToken);
            var response = new V2.GetOperationsResponse();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var op in operations)
            {
                response.Operations.Add(new V2.Operation { Name = op.Name, SpanKind = SpanKindNames.ToJaeger(op.Kind) });
                if (names.Add(op.Name))
                {
                    response.OperationNames.Add(op.Name);
                }
            }

            return response;
        });

    /// <summary>Dependency links between <c>start_time</c> and <c>end_time</c> (both required, as in Jaeger).</summary>
    public override Task<V2.GetDependenciesResponse> GetDependencies(V2.GetDependenciesRequest request, ServerCallContext context) =>
        _calls.Run(context, async () =>
        {
            var start = ProtoTimes.ToDateTimeOffset(request.StartTime, "start_time");
            var end = ProtoTimes.ToDateTimeOffset(request.EndTime, "end_time");
            if (start is null || end is null)
            {
                throw new QueryParameterException(DependencyTimesRequiredMessage);
            }

            var links = await _service.GetDependenciesAsync(end.Value, end.Value - start.Value, null, context.CancellationToken);
            var response = new V2.GetDependenciesResponse();
            foreach (var link in links)
            {
                response.Dependencies.Add(new V2.DependencyLink { Parent = link.Parent, Child = link.Child, CallCount = link.CallCount });
            }

            return response;
        });

    /// <summary>An api_v2 trace ID: 16 bytes, or 8 (low half); empty reads as the all-zero ID (which is never found).</summary>
    private static TraceId ParseTraceId(Google.Protobuf.ByteString bytes)
    {
        if (bytes.Length == 0)
        {
            return default;
        }

        return TraceId.TryFromBytes(bytes.Span, out var id)
            ? id
            : throw new QueryParameterException(InvalidTraceIdMessage + bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task WriteChunksAsync(Trace trace, IServerStreamWriter<V2.SpansResponseChunk> stream, CancellationToken cancellationToken)
    {
        var processes = new Dictionary<Resource, V2.Process>(ReferenceEqualityComparer.Instance);
        var spans = trace.Spans;
        for (var offset = 0; offset < spans.Count; offset += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = new V2.SpansResponseChunk();
            for (var i = offset; i < Math.Min(offset + ChunkSize, spans.Count); i++)
            {
                chunk.Spans.Add(ApiV2ProtoMapping.ToProto(spans[i], processes));
            }

            await stream.WriteAsync(chunk, cancellationToken);
        }
    }
}
