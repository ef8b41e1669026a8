using Google.Protobuf;
using TraceBackend.Otlp;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// The collector's protobuf ingest path for one export request: the serialized request decoded straight into
/// model spans by a long-lived <see cref="OtlpProtobufDecoder"/> (as the collector keeps one). Input: the first
/// <see cref="RequestSpans"/>-span HotROD request of <see cref="HotRodData"/>.
/// </summary>
public sealed class OtlpProtobufDecodeScenario
{
    public const int RequestSpans = 500;

    private readonly OtlpProtobufDecoder _decoder = new();

    public OtlpProtobufDecodeScenario()
    {
        Payload = CreatePayload(out var traceCount);
        TraceCount = traceCount;
    }

    /// <summary>The serialized request (owned by the scenario; do not mutate).</summary>
    public byte[] Payload { get; }

    /// <summary>Traces (or trace parts) in the request.</summary>
    public int TraceCount { get; }

    /// <summary>The first <see cref="RequestSpans"/>-span HotROD request, serialized.</summary>
    public static byte[] CreatePayload(out int traceCount)
    {
        var batch = HotRodData.Requests(RequestSpans).First();
        traceCount = batch.Traces.Count;
        return batch.Request.ToByteArray();
    }

    /// <summary>Decodes the request once; returns the number of accepted spans.</summary>
    public int Run() => _decoder.Decode(Payload).Spans.Count;
}
