using System.Text;
using TraceBackend.LoadGen.Otlp;

namespace TraceBackend.LoadGen.Running;

/// <summary>
/// Append-only record of acknowledged spans: one line <c>&lt;trace id, 32 hex&gt; &lt;spans&gt;</c> per trace
/// part of each acknowledged request. A trace split across requests gets one line per acknowledged part, so
/// the numbers of a trace must be summed. When the server reported rejected spans for a request, OTLP does
/// not say which, so every trace of that request is logged with 0 (the rejection shows in the totals): the
/// sum per trace is therefore a lower bound of what the server stored, exact when nothing was rejected.
/// Each request's lines are written and flushed to the OS under one lock, so the file stays complete for
/// every acknowledged request even if the loadgen or the backend is killed afterwards. Thread-safe.
/// </summary>
public sealed class AckLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    private AckLog(StreamWriter writer) => _writer = writer;

    /// <summary>Opens (creating or appending to) <paramref name="path"/>.</summary>
    public static AckLog Open(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new AckLog(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = false });
    }

    /// <summary>Records an acknowledged request; <paramref name="rejectedSpans"/> &gt; 0 logs every trace with 0.</summary>
    public void Record(IReadOnlyList<TraceSpanCount> traces, long rejectedSpans)
    {
        var text = new StringBuilder(traces.Count * 40);
        foreach (var trace in traces)
        {
            text.Append(trace.TraceId).Append(' ').Append(rejectedSpans > 0 ? 0 : trace.SpanCount).Append('\n');
        }

        lock (_lock)
        {
            _writer.Write(text);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
