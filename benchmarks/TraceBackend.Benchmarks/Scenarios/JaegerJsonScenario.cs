using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceBackend.LoadGen.Generation;
using TraceBackend.LoadGen.Otlp;
using TraceBackend.Model;
using TraceBackend.Otlp;
using TraceBackend.Query.Adjusters;
using TraceBackend.Query.Json;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// The body of <c>GET /api/traces/{id}</c> (Jaeger v1 JSON) for one <see cref="TraceSpans"/>-span trace: the v1
/// envelope and <see cref="JaegerTraceWriter.WriteTrace"/>, into a reused buffer through a reused
/// <see cref="Utf8JsonWriter"/> (the HTTP API writes into the response pipe instead; the writer's own work
/// is the same). The trace is the first <see cref="TraceSpans"/> spans, by start time, of a HotROD batch
/// fan-out (<see cref="HotRodGeneratorOptions.LargeTraceRatio"/> = 1), so every service and span shape appears.
/// Not thread-safe (one output buffer).
/// </summary>
public sealed class JaegerJsonScenario : IDisposable
{
    public const int TraceSpans = 1000;

    // As the query API writes compact output (JsonOutput): relaxed escaping.
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Trace _trace;
    private readonly Trace _adjusted;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly Utf8JsonWriter _writer;

    public JaegerJsonScenario()
    {
        var generated = HotRodData.Traces(new HotRodGeneratorOptions { LargeTraceRatio = 1 }).First();
        var request = OtlpRequestBatcher.Pack([generated], int.MaxValue)[0].Request;
        var spans = new OtlpConverter().Convert(request).Spans;
        if (spans.Count < TraceSpans)
        {
            throw new InvalidOperationException($"the large HotROD trace has {spans.Count} spans, fewer than {TraceSpans}");
        }

        var selected = spans.OrderBy(static s => s.StartTimeUnixNano).ThenBy(static s => s.SpanId.Value).Take(TraceSpans).ToArray();
        _trace = new Trace(selected[0].TraceId, selected);
        _adjusted = StandardAdjusters.Instance.Adjust(_trace);
        _writer = new Utf8JsonWriter(_buffer, s_options);
    }

    /// <summary>The trace as stored (before the standard adjusters).</summary>
    public Trace Trace => _trace;

    /// <summary>The JSON of the last operation (valid until the next one).</summary>
    public ReadOnlyMemory<byte> LastOutput => _buffer.WrittenMemory;

    /// <summary>Writes the already adjusted trace; returns the number of bytes written.</summary>
    public int Write() => WriteDocument(_adjusted);

    /// <summary>
    /// Applies Jaeger's standard adjuster chain (what the API does unless <c>raw=true</c>), then writes; returns
    /// the number of bytes written.
    /// </summary>
    public int AdjustAndWrite() => WriteDocument(StandardAdjusters.Instance.Adjust(_trace));

    public void Dispose() => _writer.Dispose();

    private int WriteDocument(Trace trace)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        V1Envelope.WriteStart(_writer);
        _writer.WriteStartArray();
        JaegerTraceWriter.WriteTrace(_writer, trace);
        _writer.WriteEndArray();
        V1Envelope.WriteEnd(_writer);
        _writer.Flush();
        return _buffer.WrittenCount;
    }
}
