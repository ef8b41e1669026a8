using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Otlp;

namespace TraceBackend.Collector;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c>: ingest the decoded request, answer after the spans are stored.
/// The request arrives already decoded: <see cref="Grpc.OtlpTraceServiceMethodProvider"/> binds the method with a
/// request marshaller that runs <see cref="OtlpProtobufDecoder"/> over the received bytes (no protobuf object
/// graph), and answers a malformed payload with INVALID_ARGUMENT and the decoder's message. Rejected spans
/// come back as <c>partial_success</c>. Retryable refusals: queue full → RESOURCE_EXHAUSTED with a retry
/// hint (trailer <c>grpc-retry-pushback-ms</c> and a <c>google.rpc.RetryInfo</c> in
/// <c>grpc-status-details-bin</c>); shutting down or storage failure → UNAVAILABLE. Oversized messages are
/// refused by gRPC itself (<see cref="CollectorOptions.GrpcMaxReceiveMessageBytes"/>).
/// </summary>
public sealed class OtlpGrpcTraceService
{
    public const string QueueFullMessage = "ingest queue is full; retry later";
    public const string ShuttingDownMessage = "collector is shutting down; retry later";
    public const string StorageFailedMessage = "storage write failed; retry later";

    private readonly TraceIngestService _ingest;
    private readonly TimeSpan _retryAfter;

    public OtlpGrpcTraceService(TraceIngestService ingest, CollectorOptions options)
    {
        _ingest = ingest;
        _retryAfter = TimeSpan.FromSeconds(options.RetryAfterSeconds);
    }

    public async Task<ExportTraceServiceResponse> Export(OtlpConversionResult converted, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(converted);
        ArgumentNullException.ThrowIfNull(context);
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
