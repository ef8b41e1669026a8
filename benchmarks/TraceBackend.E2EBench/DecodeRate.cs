using System.Diagnostics;
using Google.Protobuf;
using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;
using TraceBackend.Otlp;

namespace TraceBackend.E2EBench;

/// <summary>
/// The ceiling for ingest: how many spans per second one core decodes into the model with the decoder ingest uses
/// (<see cref="OtlpProtobufDecoder"/>), from the same seeded HotROD payload the load generator sends.
/// </summary>
internal static class DecodeRate
{
    public static (double SpansPerSecond, double BytesPerSpan) Measure(ulong seed, int batchSpans, TimeSpan time)
    {
        var generator = new HotRodTraceGenerator(seed);
        var batches = OtlpRequestBatcher.Pack(generator.Generate(400, DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(5)), batchSpans);
        var payloads = batches.Select(b => b.Request.ToByteArray()).ToArray();
        var spansPerPayload = batches.Select(b => b.SpanCount).ToArray();
        var bytesPerSpan = payloads.Sum(p => (double)p.Length) / spansPerPayload.Sum();

        var decoder = new OtlpProtobufDecoder();
        long spans = 0;
        var sw = Stopwatch.StartNew();
        for (var i = 0; sw.Elapsed < time; i = (i + 1) % payloads.Length)
        {
            spans += decoder.Decode(payloads[i].AsSpan()).Spans.Count;
        }

        return (spans / sw.Elapsed.TotalSeconds, bytesPerSpan);
    }
}
