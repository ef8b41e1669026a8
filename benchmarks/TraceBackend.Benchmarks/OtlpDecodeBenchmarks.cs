using BenchmarkDotNet.Attributes;
using TraceBackend.Benchmarks.Columns;
using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks;

/// <summary>Ingest decoding: one 500-span HotROD export request to model spans, per request (per span in the extra columns).</summary>
[MemoryDiagnoser]
public class OtlpDecodeBenchmarks
{
    private OtlpProtobufDecodeScenario _protobuf = null!;
    private OtlpJsonDecodeScenario _json = null!;

    [GlobalSetup(Target = nameof(ProtobufDecodeAndConvert))]
    public void SetupProtobuf() => _protobuf = new OtlpProtobufDecodeScenario();

    [GlobalSetup(Target = nameof(JsonDecodeAndConvert))]
    public void SetupJson() => _json = new OtlpJsonDecodeScenario();

    /// <summary>ExportTraceServiceRequest.Parser.ParseFrom + OtlpConverter.Convert.</summary>
    [Benchmark]
    [SpansPerOperation(OtlpProtobufDecodeScenario.RequestSpans)]
    public int ProtobufDecodeAndConvert() => _protobuf.Run();

    /// <summary>OtlpJsonDecoder.Decode (Utf8JsonReader parse + convert).</summary>
    [Benchmark]
    [SpansPerOperation(OtlpJsonDecodeScenario.RequestSpans)]
    public int JsonDecodeAndConvert() => _json.Run();
}
