namespace TraceBackend.Collector;

/// <summary>
/// Settings of the OTLP collector path. Every value has a named default; <see cref="Validate"/> rejects
/// values the pipeline or transports cannot work with.
/// </summary>
public sealed class CollectorOptions
{
    public const int DefaultQueueCapacitySpans = 50_000;
    public const int DefaultMaxBatchSpans = 8192;
    public const int DefaultGrpcMaxReceiveMessageBytes = 4 * 1024 * 1024;
    public const int DefaultHttpMaxBodyBytes = 8 * 1024 * 1024;
    public const int DefaultRetryAfterSeconds = 1;
    public const int DefaultCorsMaxAgeSeconds = 7200;

    /// <summary>
    /// Most spans held in memory between acceptance and the end of their storage write. A request that
    /// would push the total over this is refused (retryable), except that a single request larger than the
    /// whole capacity is accepted when nothing else is queued, so it cannot be starved forever.
    /// </summary>
    public int QueueCapacitySpans { get; set; } = DefaultQueueCapacitySpans;

    /// <summary>Most spans handed to one <c>ITraceWriter.WriteAsync</c> call (group commit size).</summary>
    public int MaxBatchSpans { get; set; } = DefaultMaxBatchSpans;

    /// <summary>Largest gRPC message accepted; larger ones are answered RESOURCE_EXHAUSTED by gRPC itself.</summary>
    public int GrpcMaxReceiveMessageBytes { get; set; } = DefaultGrpcMaxReceiveMessageBytes;

    /// <summary>Largest OTLP/HTTP body, applied to the bytes on the wire and again to the inflated bytes.</summary>
    public int HttpMaxBodyBytes { get; set; } = DefaultHttpMaxBodyBytes;

    /// <summary>Seconds sent in <c>Retry-After</c> (HTTP) and in the gRPC retry pushback on overload.</summary>
    public int RetryAfterSeconds { get; set; } = DefaultRetryAfterSeconds;

    /// <summary>
    /// Origins allowed to POST OTLP/HTTP from a browser. <c>*</c> allows any origin; otherwise exact origins
    /// (scheme://host[:port], case-insensitive) or one leading wildcard label (<c>https://*.example.com</c>).
    /// An empty list disables CORS.
    /// </summary>
    public IReadOnlyList<string> CorsAllowedOrigins { get; set; } = [];

    /// <summary><c>Access-Control-Max-Age</c> of preflight answers.</summary>
    public int CorsMaxAgeSeconds { get; set; } = DefaultCorsMaxAgeSeconds;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Positive(QueueCapacitySpans, nameof(QueueCapacitySpans));
        Positive(MaxBatchSpans, nameof(MaxBatchSpans));
        Positive(GrpcMaxReceiveMessageBytes, nameof(GrpcMaxReceiveMessageBytes));
        Positive(HttpMaxBodyBytes, nameof(HttpMaxBodyBytes));
        if (HttpMaxBodyBytes > Array.MaxLength - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HttpMaxBodyBytes), HttpMaxBodyBytes, "must fit in one array");
        }

        if (RetryAfterSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryAfterSeconds), RetryAfterSeconds, "must not be negative");
        }

        if (CorsMaxAgeSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CorsMaxAgeSeconds), CorsMaxAgeSeconds, "must not be negative");
        }

        ArgumentNullException.ThrowIfNull(CorsAllowedOrigins, nameof(CorsAllowedOrigins));
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
    }
}
