using System.Globalization;
using Grpc.Core;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace TraceBackend.LoadGen.Tests.Support;

/// <summary>Minimal OTLP gRPC TraceService backed by <see cref="TestOtlpServer"/>.</summary>
public sealed class TestTraceService : TraceService.TraceServiceBase
{
    private readonly TestOtlpServer _server;

    public TestTraceService(TestOtlpServer server) => _server = server;

    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        if (_server.ShouldRefuse())
        {
            var trailers = new Metadata
            {
                { "grpc-retry-pushback-ms", ((long)_server.RetryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) },
            };
            var code = _server.RefusesAll ? StatusCode.Unavailable : StatusCode.ResourceExhausted;
            throw new RpcException(new Status(code, "test server is busy"), trailers);
        }

        var rejected = _server.Accept(TestOtlpServer.CountSpans(request));
        var response = new ExportTraceServiceResponse();
        if (rejected > 0)
        {
            response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = "test" };
        }

        return Task.FromResult(response);
    }
}
