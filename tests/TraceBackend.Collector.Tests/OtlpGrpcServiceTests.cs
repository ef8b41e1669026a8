using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Common.V1;
using TraceBackend.Collector.Pipeline;
using TraceBackend.Collector.Tests.Support;

namespace TraceBackend.Collector.Tests;

public sealed class OtlpGrpcServiceTests : IAsyncLifetime
{
    private readonly RecordingTraceWriter _writer = new();
    private CollectorServer? _server;
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

    private async Task<TraceService.TraceServiceClient> StartAsync(CollectorOptions? options = null)
    {
        _server = await CollectorServer.StartAsync(_writer, options, http2: true);
        _channel = GrpcChannel.ForAddress(_server.Address);
        return new TraceService.TraceServiceClient(_channel);
    }

    [Fact]
    public async Task ExportStoresSpansBeforeAnswering()
    {
        var client = await StartAsync();

        var response = await client.ExportAsync(TestData.Request(3), cancellationToken: Ct);

        Assert.Null(response.PartialSuccess);
        Assert.Equal(3, _writer.Spans.Count);
        Assert.Equal(3, _server!.Metrics.Accepted(CollectorTransport.Grpc));
    }

    [Fact]
    public async Task GzipCompressedRequestIsAccepted()
    {
        var client = await StartAsync();
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var response = await client.ExportAsync(TestData.Request(2), headers, cancellationToken: Ct);

        Assert.Null(response.PartialSuccess);
        Assert.Equal(2, _writer.Spans.Count);
    }

    [Fact]
    public async Task InvalidSpansComeBackAsPartialSuccess()
    {
        var client = await StartAsync();
        var request = TestData.Request(4);
        request.ResourceSpans[0].ScopeSpans[0].Spans[2].SpanId = ByteString.CopyFrom(new byte[8]);

        var response = await client.ExportAsync(request, cancellationToken: Ct);

        Assert.Equal(1, response.PartialSuccess.RejectedSpans);
        Assert.Equal("span 2 of scope 0 of resource 0: span_id must not be all zeros", response.PartialSuccess.ErrorMessage);
        Assert.Equal(3, _writer.Spans.Count);
        Assert.Equal(1, _server!.Metrics.Rejected(CollectorTransport.Grpc, Otlp.RejectReason.InvalidSpanId));
    }

    [Fact]
    public async Task TooLargeMessageIsResourceExhausted()
    {
        var client = await StartAsync(new CollectorOptions { GrpcMaxReceiveMessageBytes = 64 * 1024 });
        var request = TestData.Request(1);
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(
            TestData.Attr("blob", new AnyValue { StringValue = new string('x', 100 * 1024) }));

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(request, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Empty(_writer.Spans);
    }

    [Fact]
    public async Task QueueFullIsResourceExhaustedWithRetryHint()
    {
        var client = await StartAsync(new CollectorOptions { QueueCapacitySpans = 10 });
        _writer.Block();
        var first = client.ExportAsync(TestData.Request(8), cancellationToken: Ct).ResponseAsync;
        await _writer.WaitForWriteStartAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(TestData.Request(5, first: 50), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("ingest queue is full; retry later", ex.Status.Detail);
        Assert.Equal("1000", ex.Trailers.GetValue("grpc-retry-pushback-ms"));
        var details = RpcStatus.Parse(ex.Trailers.GetValueBytes("grpc-status-details-bin")!);
        Assert.Equal((8, 1), (details.Code, details.Details));

        _writer.Unblock();
        Assert.Null((await first).PartialSuccess);
        await client.ExportAsync(TestData.Request(5, first: 50), cancellationToken: Ct);
        Assert.Equal(13, _writer.Spans.Count);
    }

    [Fact]
    public async Task StorageFailureIsUnavailable()
    {
        var client = await StartAsync();
        _writer.FailNextWrites(1);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(TestData.Request(2), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        await client.ExportAsync(TestData.Request(2), cancellationToken: Ct);
        Assert.Equal(2, _writer.Spans.Count);
    }

    [Fact]
    public async Task ShuttingDownIsUnavailable()
    {
        var client = await StartAsync();
        await _server!.Services.GetRequiredService<IngestPipeline>().StopAsync(Ct);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(TestData.Request(1), cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("collector is shutting down; retry later", ex.Status.Detail);
    }
}
