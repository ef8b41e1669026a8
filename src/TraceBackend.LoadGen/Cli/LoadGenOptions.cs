using TraceBackend.LoadGen.Sending;

namespace TraceBackend.LoadGen.Cli;

/// <summary>Validated settings of one <c>loadgen</c> run (see <see cref="LoadGenOptionsParser"/> for the flags).</summary>
public sealed record LoadGenOptions
{
    public static readonly Uri DefaultGrpcEndpoint = new("http://127.0.0.1:4317");

    /// <summary>OTLP/gRPC target (<c>http://host:port</c>); null when <see cref="HttpEndpoint"/> is used.</summary>
    public Uri? GrpcEndpoint { get; init; } = DefaultGrpcEndpoint;

    /// <summary>OTLP/HTTP traces URL; null when <see cref="GrpcEndpoint"/> is used.</summary>
    public Uri? HttpEndpoint { get; init; }

    public OtlpEncoding Encoding { get; init; } = OtlpEncoding.Protobuf;

    /// <summary>Spans per second across all workers; 0 = unlimited.</summary>
    public double Rate { get; init; }

    /// <summary>Stop producing after this long (null: no time limit; then <see cref="Traces"/> is set).</summary>
    public TimeSpan? Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop after this many traces (null: no count limit).</summary>
    public long? Traces { get; init; }

    public int Workers { get; init; } = 4;

    public int BatchSpans { get; init; } = 500;

    public ulong Seed { get; init; }

    /// <summary>True when <see cref="Seed"/> came from <c>--seed</c>.</summary>
    public bool SeedGiven { get; init; }

    public double ErrorRatio { get; init; } = 0.05;

    public double LargeTraceRatio { get; init; } = 0.01;

    public string? AckLogPath { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxRetries { get; init; } = 5;

    public bool ShowHelp { get; init; }
}
