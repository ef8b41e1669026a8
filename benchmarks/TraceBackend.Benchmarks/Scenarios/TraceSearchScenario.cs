using TraceBackend.Model;
using TraceBackend.Storage;
using TraceBackend.Storage.Memory;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// Reads from a <see cref="MemoryStore"/> preloaded with about <c>spanTarget</c> HotROD spans (four traces a
/// second, see <see cref="HotRodData"/>): searches as the Jaeger UI sends them — a one-hour window ending at
/// the newest span, <see cref="Limit"/> traces — and a lookup by trace ID. Every operation returns the number
/// of spans in the traces it got, so the results are materialized.
/// </summary>
public sealed class TraceSearchScenario : IDisposable
{
    public const int Limit = 20;
    public const int BatchSpans = 500;
    public const string Service = "frontend";
    public const string Operation = "HTTP GET /dispatch";
    public const string TagKey = "http.response.status_code";
    public const string TagValue = "500";

    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly MemoryStore _store;
    private readonly TraceGetRequest[] _byId;

    /// <param name="spanTarget">Spans to load, rounded up to whole <see cref="BatchSpans"/>-span batches.</param>
    public TraceSearchScenario(int spanTarget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spanTarget);
        _store = new MemoryStore(new MemoryStoreOptions { MaxTraces = 1_000_000 });
        var newestStart = 0UL;
        var middleBatch = (spanTarget / BatchSpans) / 2;
        TraceId? sample = null;
        var batchIndex = 0;
        foreach (var batch in ConvertedBatches.Stream(BatchSpans))
        {
            SyncResult.Get(_store.WriteAsync(batch));
            foreach (var span in batch)
            {
                newestStart = Math.Max(newestStart, span.StartTimeUnixNano);

                // A typical (not batch fan-out) trace from the middle of the data for the by-ID lookup.
                if (sample is null && batchIndex >= middleBatch && span.ParentSpanId.IsEmpty && span.Name == Operation)
                {
                    sample = span.TraceId;
                }
            }

            SpanCount += batch.Count;
            batchIndex++;
            if (SpanCount >= spanTarget && sample is not null)
            {
                break;
            }
        }

        TraceCount = _store.TraceCount;
        SampleTraceId = sample!.Value;
        _byId = [new TraceGetRequest(SampleTraceId)];
        WindowEnd = UnixTime.FromNanos(newestStart) + TimeSpan.FromMilliseconds(1);
        var window = new TraceQuery { StartTimeMin = WindowEnd - Window, StartTimeMax = WindowEnd, SearchDepth = Limit };
        ServiceQuery = window with { ServiceName = Service };
        ServiceOperationQuery = window with { ServiceName = Service, OperationName = Operation };
        ServiceTagQuery = window with
        {
            ServiceName = Service,
            Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { [TagKey] = TagValue },
        };
    }

    public int SpanCount { get; }

    public int TraceCount { get; }

    public TraceId SampleTraceId { get; }

    /// <summary>Just after the newest stored span start; the end of every search window.</summary>
    public DateTimeOffset WindowEnd { get; }

    public TraceQuery ServiceQuery { get; }

    public TraceQuery ServiceOperationQuery { get; }

    public TraceQuery ServiceTagQuery { get; }

    public MemoryStore Store => _store;

    public int FindByService() => CountSpans(SyncResult.Get(_store.FindTracesAsync(ServiceQuery)));

    public int FindByServiceAndOperation() => CountSpans(SyncResult.Get(_store.FindTracesAsync(ServiceOperationQuery)));

    public int FindByServiceAndTag() => CountSpans(SyncResult.Get(_store.FindTracesAsync(ServiceTagQuery)));

    public int GetById() => CountSpans(SyncResult.Get(_store.GetTracesAsync(_byId)));

    public void Dispose() => _store.Dispose();

    private static int CountSpans(IReadOnlyList<Trace> traces)
    {
        var spans = 0;
        for (var i = 0; i < traces.Count; i++)
        {
            spans += traces[i].Spans.Count;
        }

        return spans;
    }
}
