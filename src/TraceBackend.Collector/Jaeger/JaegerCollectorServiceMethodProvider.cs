using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Jaeger.ApiV2;
using Microsoft.Extensions.Logging;

namespace TraceBackend.Collector.Jaeger;

/// <summary>
/// Binds <c>jaeger.api_v2.CollectorService/PostSpans</c> to <see cref="JaegerGrpcCollectorService"/> (what
/// <c>MapGrpcService&lt;JaegerGrpcCollectorService&gt;()</c> maps) with a request marshaller that parses the
/// received payload (already size-checked and decompressed by gRPC) and refuses a malformed one with
/// INVALID_ARGUMENT and the parser's message, counted and logged as <see cref="RefuseReason.Malformed"/>.
/// </summary>
internal sealed class JaegerCollectorServiceMethodProvider : IServiceMethodProvider<JaegerGrpcCollectorService>
{
    public const string ServiceName = "jaeger.api_v2.CollectorService";
    public const string MethodName = "PostSpans";
    public const string UndecodableMessagePrefix = "cannot decode jaeger.api_v2.PostSpansRequest: ";

    private static readonly Marshaller<PostSpansResponse> s_responseMarshaller =
        Marshallers.Create(static r => r.ToByteArray(), PostSpansResponse.Parser.ParseFrom);

    private readonly Method<PostSpansRequest, PostSpansResponse> _method;

    public JaegerCollectorServiceMethodProvider(CollectorMetrics metrics, ILogger<JaegerCollectorServiceMethodProvider> logger)
    {
        var requestMarshaller = new Marshaller<PostSpansRequest>(
            static (_, _) => throw new NotSupportedException("The collector only receives PostSpans requests."),
            context => Deserialize(context, metrics, logger));
        _method = new Method<PostSpansRequest, PostSpansResponse>(MethodType.Unary, ServiceName, MethodName, requestMarshaller, s_responseMarshaller);
    }

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<JaegerGrpcCollectorService> context) =>
        context.AddUnaryMethod(_method, [], static (service, request, callContext) => service.PostSpans(request, callContext));

    private static PostSpansRequest Deserialize(DeserializationContext context, CollectorMetrics metrics, ILogger logger)
    {
        try
        {
            return PostSpansRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence());
        }
        catch (InvalidProtocolBufferException ex)
        {
            var message = UndecodableMessagePrefix + ex.Message;
            metrics.AddRefused(CollectorTransport.JaegerGrpc, RefuseReason.Malformed, 0);
            JaegerCollectorLog.Refused(logger, RefuseReason.Malformed, message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, message));
        }
    }
}
