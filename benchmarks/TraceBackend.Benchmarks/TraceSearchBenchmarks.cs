using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using TraceBackend.Benchmarks.Scenarios;

namespace TraceBackend.Benchmarks;

/// <summary>
/// Reads from a MemoryStore preloaded with about 1M HotROD spans: trace searches (one-hour window, limit 20)
/// and a trace lookup by ID, per query. Loading takes about a minute and a gigabyte, so the store is built once
/// per process and shared by the benchmarks of this class (they only read it); with the in-process toolchain
/// that is once per run, out of process once per benchmark.
/// </summary>
[MemoryDiagnoser]
public class TraceSearchBenchmarks
{
    public const int StoreSpans = 1_000_000;

    private static TraceSearchScenario? s_scenario;

    private TraceSearchScenario _scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (s_scenario is null)
        {
            var stopwatch = Stopwatch.StartNew();
            s_scenario = new TraceSearchScenario(StoreSpans);
            Console.WriteLine(
                $"// store: {s_scenario.SpanCount} spans, {s_scenario.TraceCount} traces, window end {s_scenario.WindowEnd:O}, loaded in {stopwatch.Elapsed.TotalSeconds:F1} s, managed heap {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MiB");
        }

        _scenario = s_scenario;
    }

    [Benchmark]
    public int FindByService() => _scenario.FindByService();

    [Benchmark]
    public int FindByServiceAndOperation() => _scenario.FindByServiceAndOperation();

    [Benchmark]
    public int FindByServiceAndTag() => _scenario.FindByServiceAndTag();

    [Benchmark]
    public int GetTraceById() => _scenario.GetById();
}
