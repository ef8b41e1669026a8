using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>HotROD export requests already converted to model spans, as the ingest pipeline hands them to a store.</summary>
public static class ConvertedBatches
{
    /// <summary>
    /// The first <paramref name="batchCount"/> requests of <see cref="HotRodData.Requests"/>, each of exactly
    /// <paramref name="spansPerBatch"/> spans, converted with one converter (so attribute keys are shared).
    /// </summary>
    public static IReadOnlyList<Span>[] Create(int batchCount, int spansPerBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchCount);
        var converter = new OtlpConverter();
        return [.. HotRodData.Requests(spansPerBatch).Take(batchCount).Select(batch => ConvertAll(converter, batch.Request))];
    }

    /// <summary>Streams converted batches (nothing retained by the sequence itself).</summary>
    public static IEnumerable<IReadOnlyList<Span>> Stream(int spansPerBatch)
    {
        var converter = new OtlpConverter();
        foreach (var batch in HotRodData.Requests(spansPerBatch))
        {
            yield return ConvertAll(converter, batch.Request);
        }
    }

    private static IReadOnlyList<Span> ConvertAll(OtlpConverter converter, ExportTraceServiceRequest request)
    {
        var result = converter.Convert(request);
        if (result.RejectedSpans != 0)
        {
            throw new InvalidOperationException($"generated data was rejected: {result.ErrorMessage}");
        }

        return result.Spans;
    }
}
