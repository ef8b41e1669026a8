using BenchmarkDotNet.Attributes;
using TraceBackend.Benchmarks.Columns;
using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks;

/// <summary>
/// Embedded-store blocks: writing a block of 50,000 HotROD spans (per span), reading one typical trace by ID, and
/// searching a block (service; service + tag) with a one-hour window. See <see cref="BlockScenario"/>.
/// </summary>
[MemoryDiagnoser]
public class BlockBenchmarks
{
    private const int Spans = BlockScenario.DefaultBatchCount * MemoryStoreAppendScenario.BatchSpans;

    private BlockScenario _scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scenario = new BlockScenario();
        Console.WriteLine($"// block: {_scenario.SpanCount} spans, {_scenario.TraceCount} traces, {_scenario.DataBytes} bytes of data.parquet = {_scenario.BytesPerSpan:F1} B/span");
    }

    [GlobalCleanup]
    public void Cleanup() => _scenario.Dispose();

    [Benchmark]
    [SpansPerOperation(Spans)]
    public int WriteBlock() => _scenario.Write();

    [Benchmark]
    public int BlockGetTrace() => _scenario.GetTrace();

    [Benchmark]
    public int BlockSearchByService() => _scenario.SearchByService();

    [Benchmark]
    public int BlockSearchByServiceAndTag() => _scenario.SearchByServiceAndTag();
}
