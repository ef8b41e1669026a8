using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.LoadGen.Otlp;

namespace TraceBackend.LoadGen.Sending;

/// <summary>
/// OTLP/HTTP: POST to the traces URL with a protobuf or JSON body. 2xx = acknowledged (the body's
/// <c>partialSuccess.rejectedSpans</c> is read); 429, 502, 503, 504, timeouts and connection errors are
/// retryable (honouring <c>Retry-After</c>, seconds or HTTP date); other statuses are permanent.
/// </summary>
public sealed class OtlpHttpTransport : IOtlpTransport
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly OtlpEncoding _encoding;

    public OtlpHttpTransport(Uri endpoint, OtlpEncoding encoding)
    {
        _endpoint = endpoint;
        _encoding = encoding;
        _client = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Target = $"otlp-http {endpoint} ({(encoding == OtlpEncoding.Json ? "json" : "protobuf")})";
    }

    public string Target { get; }

    public async Task<ExportAttempt> ExportAsync(ExportTraceServiceRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var body = _encoding == OtlpEncoding.Json ? OtlpJsonWriter.Serialize(request) : request.ToByteArray();
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(_encoding == OtlpEncoding.Json ? JsonContentType : ProtobufContentType);
        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeoutCts.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var content = await response.Content.ReadAsByteArrayAsync(timeoutCts.Token).ConfigureAwait(false);
            if (status is >= 200 and < 300)
            {
                return ExportAttempt.Success(ReadRejectedSpans(response.Content.Headers.ContentType?.MediaType, content));
            }

            var error = $"HTTP {status} {response.ReasonPhrase}";
            return status is 429 or 502 or 503 or 504
                ? ExportAttempt.Retryable(error, RetryAfter(response))
                : ExportAttempt.Permanent(error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ExportAttempt.Retryable($"timeout after {timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException ex)
        {
            return ExportAttempt.Retryable($"HTTP transport error: {ex.Message}");
        }
    }

    /// <summary>
    /// <c>partialSuccess.rejectedSpans</c> of a success body (JSON: string or number; otherwise protobuf).
    /// An empty or unreadable body counts as "nothing rejected": the status already acknowledged the spans.
    /// </summary>
    public static long ReadRejectedSpans(string? mediaType, byte[] content)
    {
        if (content.Length == 0)
        {
            return 0;
        }

        try
        {
            if (mediaType is not null && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                using var doc = JsonDocument.Parse(content);
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("partialSuccess", out var partial)
                    && partial.ValueKind == JsonValueKind.Object
                    && partial.TryGetProperty("rejectedSpans", out var rejected))
                {
                    return rejected.ValueKind switch
                    {
                        JsonValueKind.Number => rejected.GetInt64(),
                        JsonValueKind.String => long.Parse(rejected.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                        _ => 0,
                    };
                }

                return 0;
            }

            return ExportTraceServiceResponse.Parser.ParseFrom(content).PartialSuccess?.RejectedSpans ?? 0;
        }
        catch (Exception ex) when (ex is JsonException or InvalidProtocolBufferException or FormatException or OverflowException or InvalidOperationException)
        {
            return 0;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    public void Dispose() => _client.Dispose();
}
