using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Otlp;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// The collector's former protobuf ingest path, kept for comparison with <see cref="OtlpProtobufDecodeScenario"/>:
/// <see cref="ExportTraceServiceRequest"/> parsed by Google.Protobuf, then converted by a long-lived
/// <see cref="OtlpConverter"/> (still the OTLP/JSON path's converter). Same input as the direct decoder.
/// </summary>
public sealed class OtlpProtobufObjectsDecodeScenario
{
    public const int RequestSpans = OtlpProtobufDecodeScenario.RequestSpans;

    private readonly OtlpConverter _converter = new();

    public OtlpProtobufObjectsDecodeScenario() => Payload = OtlpProtobufDecodeScenario.CreatePayload(out _);

    /// <summary>The serialized request (owned by the scenario; do not mutate).</summary>
    public byte[] Payload { get; }

    /// <summary>Parses and converts the request once; returns the number of accepted spans.</summary>
    public int Run()
    {
        var request = ExportTraceServiceRequest.Parser.ParseFrom(Payload);
        return _converter.Convert(request).Spans.Count;
    }
}
