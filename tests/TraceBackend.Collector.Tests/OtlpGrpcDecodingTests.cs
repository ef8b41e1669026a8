using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using TraceBackend.Collector.Tests.Support;

namespace TraceBackend.Collector.Tests;

/// <summary>The gRPC Export method's custom request marshaller: raw payloads decoded by OtlpProtobufDecoder.</summary>
public sealed class OtlpGrpcDecodingTests : IAsyncLifetime
{
    private static readonly Method<byte[], byte[]> s_rawExport = new(
        MethodType.Unary,
        "opentelemetry.proto.collector.trace.v1.TraceService",
        "Export",
        Marshallers.Create(static b => b, static b => b),
        Marshallers.Create(static b => b, static b => b));

    private readonly RecordingTraceWriter _writer = new();
    private CollectorServer? _server;
    private GrpcChannel? _channel;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await CollectorServer.StartAsync(_writer, http2: true);
        _channel = GrpcChannel.ForAddress(_server.Address);
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task MalformedPayloadIsInvalidArgumentWithTheDecoderMessage()
    {
        var payload = TestData.Request(2).ToByteArray()[..^3];

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _channel!.CreateCallInvoker().AsyncUnaryCall(s_rawExport, null, new CallOptions(cancellationToken: Ct), payload).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("invalid OTLP protobuf: ", ex.Status.Detail);
        Assert.Contains("runs past the end", ex.Status.Detail);
        Assert.Empty(_writer.Spans);
        Assert.Equal(1, _server!.Metrics.RefusedRequests(CollectorTransport.Grpc, RefuseReason.Malformed));
    }

    [Fact]
    public async Task RawPayloadWithUnknownFieldsIsAcceptedAndAnsweredWithAProtobufResponse()
    {
        var payload = TestData.Request(3).ToByteArray().Concat(new byte[] { 0xC0, 0x3E, 0x01 }).ToArray(); // field 1000, varint 1

        var answer = await _channel!.CreateCallInvoker().AsyncUnaryCall(s_rawExport, null, new CallOptions(cancellationToken: Ct), payload).ResponseAsync;

        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(answer).PartialSuccess);
        Assert.Equal(3, _writer.Spans.Count);
    }

    [Fact]
    public async Task LargeRequestReceivedInSeveralSegmentsDecodesCompletely()
    {
        var client = new TraceService.TraceServiceClient(_channel);
        var request = TestData.Request(3000);
        foreach (var span in request.ResourceSpans[0].ScopeSpans[0].Spans)
        {
            span.Attributes.Add(TestData.Attr("payload", new AnyValue { StringValue = new string('p', 200) }));
        }

        Assert.True(request.CalculateSize() > 512 * 1024);
        var response = await client.ExportAsync(request, cancellationToken: Ct);

        Assert.Null(response.PartialSuccess);
        Assert.Equal(3000, _writer.Spans.Count);
        Assert.All(_writer.Spans, static s => Assert.Equal(new string('p', 200), s.Attributes[0].Value.AsString));
    }
}
