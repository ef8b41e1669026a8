using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Otlp;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// The collector's protobuf ingest path for one export request: <see cref="ExportTraceServiceRequest"/> parsed
/// from its bytes, then converted to model spans by a long-lived <see cref="OtlpConverter"/> (as the collector
/// keeps one). Input: the first <see cref="RequestSpans"/>-span HotROD request of <see cref="HotRodData"/>.
/// </summary>
public sealed class OtlpProtobufDecodeScenario
{
    public const int RequestSpans = 500;

    private readonly OtlpConverter _converter = new();

    public OtlpProtobufDecodeScenario()
    {
        var batch = HotRodData.Requests(RequestSpans).First();
        Payload = batch.Request.ToByteArray();
        TraceCount = batch.Traces.Count;
    }

    /// <summary>The serialized request (owned by the scenario; do not mutate).</summary>
    public byte[] Payload { get; }

    /// <summary>Traces (or trace parts) in the request.</summary>
    public int TraceCount { get; }

    /// <summary>Parses and converts the request once; returns the number of accepted spans.</summary>
    public int Run()
    {
        var request = ExportTraceServiceRequest.Parser.ParseFrom(Payload);
        return _converter.Convert(request).Spans.Count;
    }
}
