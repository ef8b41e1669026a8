using TraceBackend.Model;
using TraceBackend.Storage;
using TraceBackend.Storage.Embedded.Blocks;

namespace TraceBackend.Benchmarks.Scenarios;

/// <summary>
/// Embedded-store blocks (Parquet, ADR 002) of HotROD traffic: <see cref="Write"/> builds a block of the first
/// <see cref="SpanCount"/> spans (converted 500-span batches, grouped into traces, trace-ID order, no fsync) into a
/// temporary directory; the read operations use one block written at construction.
/// </summary>
public sealed class BlockScenario : IDisposable
{
    public const int DefaultBatchCount = 100;

    private readonly List<(TraceId Id, IReadOnlyList<Span> Spans)> _traces;
    private readonly string _root;
    private readonly Block _block;
    private readonly TraceId _typicalTrace;
    private readonly TraceQuery _byService;
    private readonly TraceQuery _byServiceAndTag;

    public BlockScenario(int batchCount = DefaultBatchCount, int rowGroupSpans = BlockFormat.DefaultRowGroupSpans)
    {
        RowGroupSpans = rowGroupSpans;
        _traces = [.. ConvertedBatches.Create(batchCount, MemoryStoreAppendScenario.BatchSpans)
            .SelectMany(b => b)
            .GroupBy(s => s.TraceId)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<Span>)[.. g]))];
        SpanCount = _traces.Sum(t => t.Spans.Count);
        _root = Directory.CreateTempSubdirectory("tb-block-bench-").FullName;
        var meta = WriteBlock(Path.Combine(_root, "read"));
        DataBytes = meta.DataBytes;
        _block = Block.Open(Path.Combine(_root, "read", meta.BlockId.ToString("D")));
        // A typical trace: the median span count.
        _typicalTrace = _traces.OrderBy(t => t.Spans.Count).ElementAt(_traces.Count / 2).Id;
        var end = UnixTime.FromNanos(meta.MaxStartUnixNano);
        _byService = new TraceQuery { ServiceName = "frontend", StartTimeMin = end - TimeSpan.FromHours(1), StartTimeMax = end, SearchDepth = 20 };
        _byServiceAndTag = _byService with { Attributes = new Dictionary<string, string> { ["http.response.status_code"] = "500" } };
    }

    public int RowGroupSpans { get; }

    public int SpanCount { get; }

    public int TraceCount => _traces.Count;

    /// <summary>Size of the read block's data.parquet.</summary>
    public long DataBytes { get; }

    public double BytesPerSpan => (double)DataBytes / SpanCount;

    /// <summary>Writes a block of all spans and deletes it; returns the span count.</summary>
    public int Write()
    {
        var directory = Path.Combine(_root, "write");
        var meta = WriteBlock(directory);
        Directory.Delete(directory, recursive: true);
        return (int)meta.SpanCount;
    }

    private BlockMeta WriteBlock(string directory)
    {
        var builder = BlockBuilder.Create(directory, new BlockBuildOptions { Fsync = false, RowGroupSpans = RowGroupSpans });
        try
        {
            foreach (var (id, spans) in _traces)
            {
                builder.AddTraceAsync(id, spans).AsTask().GetAwaiter().GetResult();
            }

            return builder.CompleteAsync().GetAwaiter().GetResult();
        }
        finally
        {
            builder.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    public int GetTrace() => _block.GetTraceAsync(_typicalTrace).AsTask().GetAwaiter().GetResult().Count;

    public int SearchByService() => _block.SearchAsync(_byService).AsTask().GetAwaiter().GetResult().Count;

    public int SearchByServiceAndTag() => _block.SearchAsync(_byServiceAndTag).AsTask().GetAwaiter().GetResult().Count;

    public void Dispose()
    {
        _block.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
