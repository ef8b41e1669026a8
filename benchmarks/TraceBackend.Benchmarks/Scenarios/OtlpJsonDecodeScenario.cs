using TraceBackend.Otlp;
using LoadGenJson = TraceBackend.LoadGen.Otlp.OtlpJsonWriter;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// The collector's OTLP/JSON ingest path for one export request: <see cref="OtlpJsonDecoder.Decode"/> (parse and
/// convert) with a long-lived decoder. Input: the same request as <see cref="OtlpProtobufDecodeScenario"/>,
/// serialized by the load generator's OTLP/JSON writer (hex IDs, lowerCamelCase, int64 as strings).
/// </summary>
public sealed class OtlpJsonDecodeScenario
{
    public const int RequestSpans = OtlpProtobufDecodeScenario.RequestSpans;

    private readonly OtlpJsonDecoder _decoder = new(new OtlpConverter());

    public OtlpJsonDecodeScenario()
    {
        var batch = HotRodData.Requests(RequestSpans).First();
        Payload = LoadGenJson.Serialize(batch.Request);
    }

    /// <summary>The UTF-8 JSON request (owned by the scenario; do not mutate).</summary>
    public byte[] Payload { get; }

    /// <summary>Decodes the request once; returns the number of accepted spans.</summary>
    public int Run() => _decoder.Decode(Payload).Spans.Count;
}
