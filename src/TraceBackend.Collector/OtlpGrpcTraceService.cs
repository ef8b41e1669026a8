using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Otlp;

namespace TraceBackend.Collector;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c>: convert, ingest, answer after the spans are stored. Rejected spans
/// come back as <c>partial_success</c>. Retryable refusals: queue full → RESOURCE_EXHAUSTED with a retry
/// hint (trailer <c>grpc-retry-pushback-ms</c> and a <c>google.rpc.RetryInfo</c> in
/// <c>grpc-status-details-bin</c>); shutting down or storage failure → UNAVAILABLE. Oversized messages are
/// refused by gRPC itself (<see cref="CollectorOptions.GrpcMaxReceiveMessageBytes"/>).
/// </summary>
public sealed class OtlpGrpcTraceService : TraceService.TraceServiceBase
{
    public const string QueueFullMessage = "ingest queue is full; retry later";
    public const string ShuttingDownMessage = "collector is shutting down; retry later";
    public const string StorageFailedMessage = "storage write failed; retry later";

    private readonly OtlpConverter _converter;
    private readonly TraceIngestService _ingest;
    private readonly TimeSpan _retryAfter;

    public OtlpGrpcTraceService(OtlpConverter converter, TraceIngestService ingest, CollectorOptions options)
    {
        _converter = converter;
        _ingest = ingest;
        _retryAfter = TimeSpan.FromSeconds(options.RetryAfterSeconds);
    }

    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        var converted = _converter.Convert(request);
        var result = await _ingest.IngestAsync(converted, CollectorTransport.Grpc, context.CancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case IngestResult.QueueFull:
                throw Refusal(StatusCode.ResourceExhausted, QueueFullMessage);
            case IngestResult.ShuttingDown:
                throw Refusal(StatusCode.Unavailable, ShuttingDownMessage);
            case IngestResult.StorageFailed:
                throw Refusal(StatusCode.Unavailable, StorageFailedMessage);
        }

        var response = new ExportTraceServiceResponse();
        if (converted.RejectedSpans > 0)
        {
            response.PartialSuccess = new ExportTracePartialSuccess
            {
                RejectedSpans = converted.RejectedSpans,
                ErrorMessage = converted.ErrorMessage,
            };
        }

        return response;
    }

    private RpcException Refusal(StatusCode code, string message)
    {
        var trailers = new Metadata
        {
            { "grpc-retry-pushback-ms", ((long)_retryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            { "grpc-status-details-bin", RpcStatusEncoder.ToProtobuf((int)code, message, _retryAfter) },
        };
        return new RpcException(new Status(code, message), trailers);
    }
}
