using BenchmarkDotNet.Attributes;
using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks;

/// <summary>
/// Embedded-store block reads by row-group size: trace by ID (decodes every column of the row group holding the
/// trace) and searches (service; service + tag, evaluated on the columns), on a block of 50,000 HotROD spans. Shows
/// what a smaller row group buys trace-by-ID against the block size printed at setup. See <see cref="BlockScenario"/>.
/// </summary>
[MemoryDiagnoser]
public class BlockReadBenchmarks
{
    private BlockScenario _scenario = null!;

    [Params(4096, 2048, 1024)]
    public int RowGroupSpans { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scenario = new BlockScenario(rowGroupSpans: RowGroupSpans);
        Console.WriteLine($"// block ({RowGroupSpans}-span row groups): {_scenario.SpanCount} spans, {_scenario.DataBytes} bytes of data.parquet = {_scenario.BytesPerSpan:F1} B/span");
    }

    [GlobalCleanup]
    public void Cleanup() => _scenario.Dispose();

    [Benchmark]
    public int ReadGetTrace() => _scenario.GetTrace();

    [Benchmark]
    public int ReadSearchByService() => _scenario.SearchByService();

    [Benchmark]
    public int ReadSearchByServiceAndTag() => _scenario.SearchByServiceAndTag();
}
