using BenchmarkDotNet.Attributes;
using TraceBackend.Benchmarks.Columns;
using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks;

/// <summary>
/// The Cassandra store's own cost per span (rows, hash, index rows, batching) with the network taken out: results
/// per 500-span batch and per span. `dotnet run -c Release --project benchmarks/TraceBackend.Benchmarks -- cassandra-writes`
/// prints rows and requests per span instead (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
public class CassandraWriteBenchmarks
{
    private CassandraWriteScenario _scenario = null!;

    [GlobalSetup]
    public void Setup() => _scenario = new CassandraWriteScenario();

    [Benchmark(OperationsPerInvoke = CassandraWriteScenario.DefaultBatchCount)]
    [SpansPerOperation(CassandraWriteScenario.BatchSpans)]
    public long WriteBatch() => _scenario.Run();
}
