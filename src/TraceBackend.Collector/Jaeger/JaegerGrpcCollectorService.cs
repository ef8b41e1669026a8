using System.Globalization;
using Grpc.Core;
using Jaeger.ApiV2;
using Microsoft.Extensions.Logging;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Jaeger;

/// <summary>
/// Jaeger gRPC <c>jaeger.api_v2.CollectorService/PostSpans</c> (port 14250): converts the batch
/// (<see cref="JaegerProtoConverter"/>) and ingests it like OTLP, answering after the spans are stored.
/// Answers, as <see cref="OtlpGrpcTraceService"/> does: queue full → RESOURCE_EXHAUSTED with a retry hint
/// (trailer <c>grpc-retry-pushback-ms</c> and <c>google.rpc.RetryInfo</c>); shutting down or storage failure →
/// UNAVAILABLE. Bad input → INVALID_ARGUMENT (not retried): an undecodable message (refused by
/// <see cref="JaegerCollectorServiceMethodProvider"/>'s marshaller), or a batch whose spans were all rejected
/// (message = the rejection reasons). Partial rejection: <c>PostSpansResponse</c> has no partial-success field,
/// so the valid spans are stored and acknowledged with OK, and the rejected ones are counted (rejected-spans
/// metric, transport <c>jaeger_grpc</c>) and logged as a warning — failing the whole call would make clients
/// resend the valid spans forever with the same invalid ones. Oversized messages are refused by gRPC itself
/// with RESOURCE_EXHAUSTED (<see cref="CollectorOptions.GrpcMaxReceiveMessageBytes"/>).
/// </summary>
/// <remarks>
/// Not derived from the generated <c>CollectorService.CollectorServiceBase</c>: its binder would bind the
/// method with the generated marshaller, under which a parse failure surfaces as UNKNOWN ("Exception was thrown
/// by handler."), and binding the same method again with our marshaller would map the route twice. The method
/// signature is the generated one.
/// </remarks>
public sealed class JaegerGrpcCollectorService
{
    public const string AllRejectedMessagePrefix = "all spans of the batch were rejected: ";

    private readonly TraceIngestService _ingest;
    private readonly JaegerProtoConverter _converter;
    private readonly CollectorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeSpan _retryAfter;

    public JaegerGrpcCollectorService(
        TraceIngestService ingest, JaegerProtoConverter converter, CollectorOptions options, CollectorMetrics metrics, ILogger<JaegerGrpcCollectorService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ingest = ingest;
        _converter = converter;
        _metrics = metrics;
        _logger = logger;
        _retryAfter = TimeSpan.FromSeconds(options.RetryAfterSeconds);
    }

    public async Task<PostSpansResponse> PostSpans(PostSpansRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var converted = _converter.Convert(request.Batch);
        var result = await _ingest.IngestAsync(converted, CollectorTransport.JaegerGrpc, context.CancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case IngestResult.QueueFull:
                throw Refusal(StatusCode.ResourceExhausted, OtlpGrpcTraceService.QueueFullMessage);
            case IngestResult.ShuttingDown:
                throw Refusal(StatusCode.Unavailable, OtlpGrpcTraceService.ShuttingDownMessage);
            case IngestResult.StorageFailed:
                throw Refusal(StatusCode.Unavailable, OtlpGrpcTraceService.StorageFailedMessage);
        }

        if (converted.RejectedSpans > 0)
        {
            if (converted.Spans.Count == 0)
            {
                var message = AllRejectedMessagePrefix + converted.ErrorMessage;
                _metrics.AddRefused(CollectorTransport.JaegerGrpc, RefuseReason.Malformed, 0);
                JaegerCollectorLog.Refused(_logger, RefuseReason.Malformed, message);
                throw new RpcException(new Status(StatusCode.InvalidArgument, message));
            }

            JaegerCollectorLog.PartiallyRejected(_logger, converted.RejectedSpans, converted.Spans.Count, converted.ErrorMessage);
        }

        return new PostSpansResponse();
    }

    private RpcException Refusal(StatusCode code, string message)
    {
        var trailers = new Metadata
        {
            { "grpc-retry-pushback-ms", ((long)_retryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) },
            { "grpc-status-details-bin", RpcStatusEncoder.ToProtobuf((int)code, message, _retryAfter) },
        };
        return new RpcException(new Status(code, message), trailers);
    }
}
