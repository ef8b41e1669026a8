using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// Deterministic HotROD traffic for the scenarios: a fixed seed and a fixed clock, so every run (benchmark or
/// CI test) measures byte-identical input. Traces come in generator order; trace <c>i</c> ends at
/// <see cref="Clock"/> + <c>i</c> × <see cref="TraceInterval"/>.
/// </summary>
public static class HotRodData
{
    public const ulong Seed = 20_250_601;

    /// <summary>
    /// Four traces per second. With the generator's defaults a trace averages about 50 spans (1% are 1,000+-span
    /// batch fan-outs, about 30% of all spans), so 1M spans are about 20k traces covering about 84 minutes.
    /// </summary>
    public static readonly TimeSpan TraceInterval = TimeSpan.FromMilliseconds(250);

    public static DateTimeOffset Clock { get; } = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An endless sequence of traces; take what is needed.</summary>
    public static IEnumerable<GeneratedTrace> Traces(HotRodGeneratorOptions? options = null)
    {
        var generator = new HotRodTraceGenerator(Seed, options);
        for (var i = 0L; ; i++)
        {
            yield return generator.Next(Clock + TraceInterval * i);
        }
    }

    /// <summary>
    /// An endless sequence of export requests of exactly <paramref name="spansPerRequest"/> spans each, packed
    /// as the load generator sends them (<see cref="OtlpRequestBatcher"/>: traces may be split across requests).
    /// </summary>
    public static IEnumerable<OtlpBatch> Requests(int spansPerRequest, HotRodGeneratorOptions? options = null)
    {
        var batcher = new OtlpRequestBatcher(spansPerRequest);
        var completed = new List<OtlpBatch>();
        foreach (var trace in Traces(options))
        {
            batcher.Add(trace, completed);
            foreach (var batch in completed)
            {
                yield return batch;
            }

            completed.Clear();
        }
    }
}
