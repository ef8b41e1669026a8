using OpenTelemetry.Proto.Collector.Trace.V1;

namespace TraceBackend.LoadGen.Sending;

/// <summary>Sends one OTLP export request once (no retries). Safe for concurrent use.</summary>
public interface IOtlpTransport : IDisposable
{
    /// <summary>Human-readable target, e.g. "otlp-grpc http://127.0.0.1:4317".</summary>
    string Target { get; }

    /// <summary>
    /// One attempt, bounded by <paramref name="timeout"/> (a timeout is a <see cref="ExportAttemptKind.Retryable"/>
    /// result). Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<ExportAttempt> ExportAsync(ExportTraceServiceRequest request, TimeSpan timeout, CancellationToken cancellationToken);
}
