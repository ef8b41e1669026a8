using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Grpc;

/// <summary>
/// Binds <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c> to <see cref="OtlpGrpcTraceService"/>
/// (what <c>MapGrpcService&lt;OtlpGrpcTraceService&gt;()</c> maps) with a request marshaller that decodes the
/// received payload (<see cref="DeserializationContext.PayloadAsReadOnlySequence"/>, already size-checked and
/// decompressed by gRPC) straight into model spans with <see cref="OtlpProtobufDecoder"/>. A malformed payload is
/// refused with INVALID_ARGUMENT carrying the decoder's message, counted and logged as
/// <see cref="RefuseReason.Malformed"/>. The response is the generated protobuf message.
/// </summary>
internal sealed class OtlpTraceServiceMethodProvider : IServiceMethodProvider<OtlpGrpcTraceService>
{
    public const string ServiceName = "opentelemetry.proto.collector.trace.v1.TraceService";
    public const string MethodName = "Export";

    private static readonly Marshaller<ExportTraceServiceResponse> s_responseMarshaller =
        Marshallers.Create(static r => r.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom);

    private readonly Method<OtlpConversionResult, ExportTraceServiceResponse> _method;

    public OtlpTraceServiceMethodProvider(OtlpProtobufDecoder decoder, CollectorMetrics metrics, ILogger<OtlpTraceServiceMethodProvider> logger)
    {
        var requestMarshaller = new Marshaller<OtlpConversionResult>(
            static (_, _) => throw new NotSupportedException("The collector only receives export requests."),
            context => Deserialize(context, decoder, metrics, logger));
        _method = new Method<OtlpConversionResult, ExportTraceServiceResponse>(MethodType.Unary, ServiceName, MethodName, requestMarshaller, s_responseMarshaller);
    }

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpGrpcTraceService> context) =>
        context.AddUnaryMethod(_method, [], static (service, request, callContext) => service.Export(request, callContext));

    private static OtlpConversionResult Deserialize(
        DeserializationContext context, OtlpProtobufDecoder decoder, CollectorMetrics metrics, ILogger logger)
    {
        try
        {
            return decoder.Decode(context.PayloadAsReadOnlySequence());
        }
        catch (OtlpDecodeException ex)
        {
            metrics.AddRefused(CollectorTransport.Grpc, RefuseReason.Malformed, 0);
            CollectorLog.Refused(logger, CollectorTransport.Grpc, RefuseReason.Malformed, ex.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
        }
    }
}
