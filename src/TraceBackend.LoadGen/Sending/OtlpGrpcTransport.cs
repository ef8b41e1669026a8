using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace TraceBackend.LoadGen.Sending;

/// <summary>
/// OTLP/gRPC over cleartext HTTP/2 (h2c) to <c>http://host:port</c>. Retryable codes follow the OTLP spec
/// (CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS) plus RESOURCE_EXHAUSTED;
/// the trailer <c>grpc-retry-pushback-ms</c> is the retry hint, a negative pushback means "do not retry".
/// </summary>
public sealed class OtlpGrpcTransport : IOtlpTransport
{
    public const string PushbackTrailer = "grpc-retry-pushback-ms";

    private readonly GrpcChannel _channel;
    private readonly TraceService.TraceServiceClient _client;

    public OtlpGrpcTransport(Uri address)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            },
            MaxSendMessageSize = null,
            ThrowOperationCanceledOnCancellation = true,
        });
        _client = new TraceService.TraceServiceClient(_channel);
        Target = $"otlp-grpc {address}";
    }

    public string Target { get; }

    public async Task<ExportAttempt> ExportAsync(ExportTraceServiceRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.ExportAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ExportAttempt.Success(response.PartialSuccess?.RejectedSpans ?? 0);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Classify(ex.StatusCode, ex.Status.Detail, ex.Trailers.GetValue(PushbackTrailer));
        }
    }

    /// <summary>Maps a gRPC failure to a retry decision; <paramref name="pushback"/> is the raw trailer value.</summary>
    public static ExportAttempt Classify(StatusCode code, string detail, string? pushback)
    {
        var error = $"gRPC {code}: {detail}";
        TimeSpan? hint = null;
        if (pushback is not null && long.TryParse(pushback, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            if (ms < 0)
            {
                return ExportAttempt.Permanent(error + " (server pushback: do not retry)");
            }

            hint = TimeSpan.FromMilliseconds(ms);
        }

        return code switch
        {
            StatusCode.ResourceExhausted or StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled
                or StatusCode.Aborted or StatusCode.OutOfRange or StatusCode.DataLoss => ExportAttempt.Retryable(error, hint),
            _ => ExportAttempt.Permanent(error),
        };
    }

    public void Dispose() => _channel.Dispose();
}
