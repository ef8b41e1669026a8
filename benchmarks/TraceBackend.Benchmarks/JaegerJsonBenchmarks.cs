using BenchmarkDotNet.Attributes;
using TraceBackend.Benchmarks.Columns;
using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks;

/// <summary>Jaeger v1 JSON of one 1,000-span HotROD trace, per trace (per span in the extra columns).</summary>
[MemoryDiagnoser]
public class JaegerJsonBenchmarks
{
    private JaegerJsonScenario _scenario = null!;

    [GlobalSetup]
    public void Setup() => _scenario = new JaegerJsonScenario();

    [GlobalCleanup]
    public void Cleanup() => _scenario.Dispose();

    /// <summary>JaegerTraceWriter.WriteTrace inside the v1 envelope; the trace is already adjusted.</summary>
    [Benchmark]
    [SpansPerOperation(JaegerJsonScenario.TraceSpans)]
    public int WriteTrace() => _scenario.Write();

    /// <summary>Standard adjuster chain, then the same write: what GET /api/traces/{id} does without raw=true.</summary>
    [Benchmark]
    [SpansPerOperation(JaegerJsonScenario.TraceSpans)]
    public int AdjustAndWriteTrace() => _scenario.AdjustAndWrite();
}
