using BenchmarkDotNet.Attributes;
using TraceBackend.Benchmarks.Columns;
using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks;

/// <summary>
/// MemoryStore.WriteAsync of converted 500-span HotROD batches. One invocation fills a fresh store with
/// <see cref="MemoryStoreAppendScenario.DefaultBatchCount"/> batches; results are per batch (OperationsPerInvoke)
/// and per span (extra columns).
/// </summary>
[MemoryDiagnoser]
public class MemoryStoreAppendBenchmarks
{
    private MemoryStoreAppendScenario _scenario = null!;

    [GlobalSetup]
    public void Setup() => _scenario = new MemoryStoreAppendScenario(MemoryStoreAppendScenario.DefaultBatchCount);

    [Benchmark(OperationsPerInvoke = MemoryStoreAppendScenario.DefaultBatchCount)]
    [SpansPerOperation(MemoryStoreAppendScenario.BatchSpans)]
    public int AppendBatch() => _scenario.Run();
}
