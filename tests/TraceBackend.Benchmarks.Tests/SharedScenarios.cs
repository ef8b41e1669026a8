using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks.Tests;

/// <summary>
/// One instance of each scenario per test process, built on first use (setup is not measured). The search
/// store is small (<see cref="SearchStoreSpans"/>) so the suite stays fast; the 1M-span store is for
/// BenchmarkDotNet only. These scenarios are safe to run from test classes executing in parallel (read-only
/// state, or a fresh store per run); <see cref="JaegerJsonScenario"/> is not (it reuses one output buffer), so
/// only the allocation test uses the shared instance.
/// </summary>
internal static class SharedScenarios
{
    public const int SearchStoreSpans = 50_000;

    private static readonly Lazy<OtlpProtobufDecodeScenario> s_protobuf = new(() => new OtlpProtobufDecodeScenario());
    private static readonly Lazy<OtlpProtobufObjectsDecodeScenario> s_protobufObjects = new(() => new OtlpProtobufObjectsDecodeScenario());
    private static readonly Lazy<OtlpJsonDecodeScenario> s_json = new(() => new OtlpJsonDecodeScenario());
    private static readonly Lazy<MemoryStoreAppendScenario> s_append = new(() => new MemoryStoreAppendScenario());
    private static readonly Lazy<TraceSearchScenario> s_search = new(() => new TraceSearchScenario(SearchStoreSpans));
    private static readonly Lazy<JaegerJsonScenario> s_jaeger = new(() => new JaegerJsonScenario());

    public static OtlpProtobufDecodeScenario Protobuf => s_protobuf.Value;

    public static OtlpProtobufObjectsDecodeScenario ProtobufObjects => s_protobufObjects.Value;

    public static OtlpJsonDecodeScenario Json => s_json.Value;

    public static MemoryStoreAppendScenario Append => s_append.Value;

    public static TraceSearchScenario Search => s_search.Value;

    public static JaegerJsonScenario Jaeger => s_jaeger.Value;
}
