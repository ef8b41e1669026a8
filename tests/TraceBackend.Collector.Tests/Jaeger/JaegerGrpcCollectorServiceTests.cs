using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Jaeger.ApiV2;
using Microsoft.Extensions.DependencyInjection;
using TraceBackend.Collector.Pipeline;
using TraceBackend.Collector.Tests.Support;
using TraceBackend.Otlp;
using static TraceBackend.Collector.Tests.Jaeger.JaegerTestData;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace TraceBackend.Collector.Tests.Jaeger;

public sealed class JaegerGrpcCollectorServiceTests : IAsyncLifetime
{
    private readonly RecordingTraceWriter _writer = new();
    private JaegerCollectorServer? _server;
    private GrpcChannel? _channel;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _writer.Unblock();
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<CollectorService.CollectorServiceClient> StartAsync(CollectorOptions? options = null)
    {
        _server = await JaegerCollectorServer.StartAsync(_writer, options);
        _channel = GrpcChannel.ForAddress(_server.Address);
        return new CollectorService.CollectorServiceClient(_channel);
    }

    [Fact]
    public async Task PostSpansStoresConvertedSpansBeforeAnswering()
    {
        var client = await StartAsync();
        var request = Request(3);
        request.Batch.Spans[0].Tags.Add(Str("span.kind", "server"));
        request.Batch.Process.Tags.Add(Str("hostname", "h1"));

        var response = await client.PostSpansAsync(request, cancellationToken: Ct);

        Assert.NotNull(response);
        Assert.Equal(3, _writer.Spans.Count);
        var first = _writer.Spans.Single(s => s.SpanId.Value == 1);
        Assert.Equal("svc", first.ServiceName);
        Assert.Equal(TraceBackend.Model.SpanKind.Server, first.Kind);
        Assert.Contains(first.Resource.Attributes, a => a.Key == "host.name" && a.Value.AsString == "h1");
        Assert.Equal(3, _server!.Metrics.Accepted(CollectorTransport.JaegerGrpc));
    }

    [Fact]
    public async Task GzipCompressedRequestIsAccepted()
    {
        var client = await StartAsync();
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        await client.PostSpansAsync(Request(2), headers, cancellationToken: Ct);

        Assert.Equal(2, _writer.Spans.Count);
    }

    [Fact]
    public async Task PartiallyInvalidBatchStoresTheValidSpansAndCountsTheRest()
    {
        var client = await StartAsync();
        var request = Request(4);
        request.Batch.Spans[2].SpanId = ByteString.CopyFrom(new byte[8]);

        await client.PostSpansAsync(request, cancellationToken: Ct);

        Assert.Equal(3, _writer.Spans.Count);
        Assert.Equal(1, _server!.Metrics.Rejected(CollectorTransport.JaegerGrpc, RejectReason.InvalidSpanId));
        Assert.Equal(3, _server.Metrics.Accepted(CollectorTransport.JaegerGrpc));
    }

    [Fact]
    public async Task BatchWithOnlyInvalidSpansIsInvalidArgument()
    {
        var client = await StartAsync();
        var request = Request(2);
        request.Batch.Spans[0].TraceId = ByteString.CopyFrom(new byte[3]);
        request.Batch.Spans[1].SpanId = ByteString.Empty;

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.PostSpansAsync(request, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(GrpcStatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(
            "all spans of the batch were rejected: span 0 of the batch: trace_id must be 8 or 16 bytes, got 3; span 1 of the batch: span_id must be 8 bytes, got 0",
            ex.Status.Detail);
        Assert.Empty(_writer.Spans);
        Assert.Equal(1, _server!.Metrics.Rejected(CollectorTransport.JaegerGrpc, RejectReason.InvalidTraceId));
        Assert.Equal(1, _server.Metrics.RefusedRequests(CollectorTransport.JaegerGrpc, RefuseReason.Malformed));
    }

    [Fact]
    public async Task UndecodableMessageIsInvalidArgument()
    {
        await StartAsync();
        var raw = new Method<byte[], byte[]>(
            MethodType.Unary, "jaeger.api_v2.CollectorService", "PostSpans", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

        // Field 1 (batch), length-delimited, announces 5 bytes but only 1 follows.
        var call = _channel!.CreateCallInvoker().AsyncUnaryCall(raw, null, new CallOptions(cancellationToken: Ct), [0x0A, 0x05, 0x01]);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(GrpcStatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("cannot decode jaeger.api_v2.PostSpansRequest: ", ex.Status.Detail);
        Assert.Equal(1, _server!.Metrics.RefusedRequests(CollectorTransport.JaegerGrpc, RefuseReason.Malformed));
    }

    [Fact]
    public async Task EmptyBatchIsAcknowledged()
    {
        var client = await StartAsync();

        await client.PostSpansAsync(new PostSpansRequest(), cancellationToken: Ct);

        Assert.Empty(_writer.Spans);
    }

    [Fact]
    public async Task TooLargeMessageIsResourceExhausted()
    {
        var client = await StartAsync(new CollectorOptions { GrpcMaxReceiveMessageBytes = 64 * 1024 });
        var request = Request(1);
        request.Batch.Spans[0].Tags.Add(Str("blob", new string('x', 100 * 1024)));

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.PostSpansAsync(request, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(GrpcStatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Empty(_writer.Spans);
    }

    [Fact]
    public async Task QueueFullIsResourceExhaustedWithRetryHint()
    {
        var client = await StartAsync(new CollectorOptions { QueueCapacitySpans = 10 });
        _writer.Block();
        var first = client.PostSpansAsync(Request(8), cancellationToken: Ct).ResponseAsync;
        await _writer.WaitForWriteStartAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.PostSpansAsync(Request(5, first: 50), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(GrpcStatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("ingest queue is full; retry later", ex.Status.Detail);
        Assert.Equal("1000", ex.Trailers.GetValue("grpc-retry-pushback-ms"));
        var details = RpcStatus.Parse(ex.Trailers.GetValueBytes("grpc-status-details-bin")!);
        Assert.Equal((8, 1), (details.Code, details.Details));
        Assert.Equal(5, _server!.Metrics.RefusedSpans(CollectorTransport.JaegerGrpc, RefuseReason.QueueFull));

        _writer.Unblock();
        await first;
        await client.PostSpansAsync(Request(5, first: 50), cancellationToken: Ct);
        Assert.Equal(13, _writer.Spans.Count);
    }

    [Fact]
    public async Task StorageFailureIsUnavailable()
    {
        var client = await StartAsync();
        _writer.FailNextWrites(1);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.PostSpansAsync(Request(2), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(GrpcStatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("storage write failed; retry later", ex.Status.Detail);
        await client.PostSpansAsync(Request(2), cancellationToken: Ct);
        Assert.Equal(2, _writer.Spans.Count);
    }

    [Fact]
    public async Task ShuttingDownIsUnavailable()
    {
        var client = await StartAsync();
        await _server!.Services.GetRequiredService<IngestPipeline>().StopAsync(Ct);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.PostSpansAsync(Request(1), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(GrpcStatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("collector is shutting down; retry later", ex.Status.Detail);
    }
}
