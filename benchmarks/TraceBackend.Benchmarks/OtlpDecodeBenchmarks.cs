using BenchmarkDotNet.Attributes;
using TraceBackend.Benchmarks.Columns;
using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks;

/// <summary>Ingest decoding: one 500-span HotROD export request to model spans, per request (per span in the extra columns).</summary>
[MemoryDiagnoser]
public class OtlpDecodeBenchmarks
{
    private OtlpProtobufDecodeScenario _protobuf = null!;
    private OtlpProtobufObjectsDecodeScenario _protobufObjects = null!;
    private OtlpJsonDecodeScenario _json = null!;

    [GlobalSetup(Target = nameof(ProtobufDecode))]
    public void SetupProtobuf() => _protobuf = new OtlpProtobufDecodeScenario();

    [GlobalSetup(Target = nameof(ProtobufParseAndConvert))]
    public void SetupProtobufObjects() => _protobufObjects = new OtlpProtobufObjectsDecodeScenario();

    [GlobalSetup(Target = nameof(JsonDecodeAndConvert))]
    public void SetupJson() => _json = new OtlpJsonDecodeScenario();

    /// <summary>OtlpProtobufDecoder.Decode: protobuf bytes straight to model spans (the collector's path).</summary>
    [Benchmark(Baseline = true)]
    [SpansPerOperation(OtlpProtobufDecodeScenario.RequestSpans)]
    public int ProtobufDecode() => _protobuf.Run();

    /// <summary>ExportTraceServiceRequest.Parser.ParseFrom + OtlpConverter.Convert (the former path, for comparison).</summary>
    [Benchmark]
    [SpansPerOperation(OtlpProtobufObjectsDecodeScenario.RequestSpans)]
    public int ProtobufParseAndConvert() => _protobufObjects.Run();

    /// <summary>OtlpJsonDecoder.Decode (Utf8JsonReader parse + convert).</summary>
    [Benchmark]
    [SpansPerOperation(OtlpJsonDecodeScenario.RequestSpans)]
    public int JsonDecodeAndConvert() => _json.Run();
}
