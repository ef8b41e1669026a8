using System.Runtime.InteropServices;
using Parquet;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// Writes one block, trace by trace, in increasing trace-ID order, streaming row groups to disk so memory stays
/// bounded by one row group plus per-trace summaries (IDs for the bloom filter, services, dependencies).
/// <para>
/// Files go to <c>&lt;blocksDirectory&gt;/&lt;blockId&gt;.tmp/</c>; <see cref="CompleteAsync"/> writes the bloom
/// filter, the index and <c>meta.json</c> last, fsyncs them (unless <see cref="BlockBuildOptions.Fsync"/> is false)
/// and renames the directory to <c>&lt;blockId&gt;</c>: a block is visible whole or not at all. Disposing without
/// completing deletes the temporary directory. Not thread-safe.
/// </para>
/// <para>
/// Spans of a trace are written in start-time order (stable). A row group holds exactly
/// <see cref="BlockBuildOptions.RowGroupSpans"/> spans (the last one fewer), so a trace may continue in the next row
/// group.
/// </para>
/// </summary>
public sealed class BlockBuilder : IAsyncDisposable
{
    private readonly string _blocksDirectory;
    private readonly string _tempDirectory;
    private readonly BlockBuildOptions _options;
    private SpanRowGroupWriter _rows = SpanRowGroupWriter.Rent();
    private readonly List<TraceId> _traceIds = [];
    private readonly Dictionary<string, HashSet<(string Name, SpanKind Kind)>> _operations = new(StringComparer.Ordinal);
    private string? _lastService;
    private HashSet<(string Name, SpanKind Kind)>? _lastOperations;
    private readonly DependencyCalculator _dependencies = new();
    private readonly List<RowGroupAccumulator> _rowGroups = [];
    private RowGroupAccumulator _current = new(0);
    private FileStream? _dataStream;
    private ParquetWriter? _writer;
    private Span[] _sortBuffer = new Span[64];
    private TraceId? _lastTraceId;
    private ulong _minStart = ulong.MaxValue;
    private ulong _maxStart;
    private ulong _maxEnd;
    private bool _completed;
    private bool _disposed;

    private BlockBuilder(string blocksDirectory, BlockBuildOptions options)
    {
        _blocksDirectory = blocksDirectory;
        _options = options;
        BlockId = Guid.NewGuid();
        _tempDirectory = Path.Combine(blocksDirectory, BlockId.ToString("D") + BlockFormat.TempSuffix);
    }

    /// <summary>Starts a block under <paramref name="blocksDirectory"/> (created if missing). IO errors propagate.</summary>
    public static BlockBuilder Create(string blocksDirectory, BlockBuildOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(blocksDirectory);
        ArgumentNullException.ThrowIfNull(options);
        if (options.RowGroupSpans <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RowGroupSpans, "BlockBuildOptions.RowGroupSpans must be positive");
        }

        Directory.CreateDirectory(blocksDirectory);
        var builder = new BlockBuilder(blocksDirectory, options);
        Directory.CreateDirectory(builder._tempDirectory);
        builder._dataStream = new FileStream(
            Path.Combine(builder._tempDirectory, BlockFormat.DataFileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        return builder;
    }

    public Guid BlockId { get; }

    /// <summary>Spans added so far.</summary>
    public long SpanCount { get; private set; }

    /// <summary>
    /// Adds the spans of one trace (all with <paramref name="traceId"/>, no duplicate <see cref="Span.Key"/> — the
    /// caller deduplicates). Trace IDs must strictly increase between calls (<see cref="ArgumentException"/>
    /// otherwise); an empty list is ignored.
    /// </summary>
    public async ValueTask AddTraceAsync(TraceId traceId, IReadOnlyList<Span> spans, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(spans);
        if (_completed)
        {
            throw new InvalidOperationException("the block is already complete");
        }

        if (spans.Count == 0)
        {
            return;
        }

        if (_lastTraceId is { } last && traceId.CompareTo(last) <= 0)
        {
            throw new ArgumentException($"trace {traceId} does not follow trace {last}: trace IDs must strictly increase", nameof(traceId));
        }

        if (_sortBuffer.Length < spans.Count)
        {
            _sortBuffer = new Span[Math.Max(spans.Count, _sortBuffer.Length * 2)];
        }

        var sorted = _sortBuffer.AsSpan(0, spans.Count);
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i] ?? throw new ArgumentException($"span {i} of trace {traceId} is null", nameof(spans));
            if (span.TraceId != traceId)
            {
                throw new ArgumentException($"span {span.SpanId} has trace ID {span.TraceId}, not {traceId}", nameof(spans));
            }

            sorted[i] = span;
        }

        SortByStart(sorted);
        _lastTraceId = traceId;
        _traceIds.Add(traceId);
        // The sort buffer is this builder's own: it holds the trace until the loop below is done (across row group flushes).
        var ordered = new ArraySegment<Span>(_sortBuffer, 0, spans.Count);
        _dependencies.AddTrace(ordered);
        try
        {
            for (var i = 0; i < ordered.Count; i++)
            {
                var span = ordered[i];
                Track(span);
                _rows.Add(span);
                _current.Add(span);
                SpanCount++;
                if (_rows.Count == _options.RowGroupSpans)
                {
                    await FlushRowGroupAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ordered.AsSpan().Clear();
        }
    }

    /// <summary>Stable insertion/merge sort by start time (spans of a trace are usually nearly sorted).</summary>
    private static void SortByStart(Span<Span> spans)
    {
        for (var i = 1; i < spans.Length; i++)
        {
            var s = spans[i];
            var j = i - 1;
            if (spans[j].StartTimeUnixNano <= s.StartTimeUnixNano)
            {
                continue;
            }

            if (spans.Length > 256)
            {
                // Large, unsorted trace: fall back to a stable sort by (start, original position).
                var indexed = new (Span Span, int Index)[spans.Length];
                for (var k = 0; k < spans.Length; k++)
                {
                    indexed[k] = (spans[k], k);
                }

                Array.Sort(indexed, static (a, b) =>
                {
                    var c = a.Span.StartTimeUnixNano.CompareTo(b.Span.StartTimeUnixNano);
                    return c != 0 ? c : a.Index.CompareTo(b.Index);
                });
                for (var k = 0; k < spans.Length; k++)
                {
                    spans[k] = indexed[k].Span;
                }

                return;
            }

            while (j >= 0 && spans[j].StartTimeUnixNano > s.StartTimeUnixNano)
            {
                spans[j + 1] = spans[j];
                j--;
            }

            spans[j + 1] = s;
        }
    }

    private void Track(Span span)
    {
        _minStart = Math.Min(_minStart, span.StartTimeUnixNano);
        _maxStart = Math.Max(_maxStart, span.StartTimeUnixNano);
        _maxEnd = Math.Max(_maxEnd, span.EndTimeUnixNano);
        var serviceName = span.ServiceName;
        if (_lastOperations is null || !ReferenceEquals(_lastService, serviceName))
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_operations, serviceName, out _);
            _lastOperations = slot ??= [];
            _lastService = serviceName;
        }

        _lastOperations.Add((span.Name, span.Kind));
    }

    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        _writer ??= await ParquetWriter.CreateAsync(BlockSchema.Schema, _dataStream!, BlockParquet.WriterOptions(), false, cancellationToken).ConfigureAwait(false);
        await _rows.WriteAsync(_writer, cancellationToken).ConfigureAwait(false);
        _rowGroups.Add(_current);
        _current = new RowGroupAccumulator(SpanCount);
    }

    /// <summary>
    /// Finishes the block and makes it visible; returns its metadata. Throws <see cref="InvalidOperationException"/>
    /// when no span was added.
    /// </summary>
    public async Task<BlockMeta> CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("the block is already complete");
        }

        if (SpanCount == 0)
        {
            throw new InvalidOperationException("cannot complete a block without spans");
        }

        if (_rows.Count > 0)
        {
            await FlushRowGroupAsync(cancellationToken).ConfigureAwait(false);
        }

        await _writer!.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        await _dataStream!.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_options.Fsync)
        {
            _dataStream.Flush(flushToDisk: true);
        }

        var dataBytes = _dataStream.Length;
        await _dataStream.DisposeAsync().ConfigureAwait(false);
        _dataStream = null;

        var services = _operations
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new BlockService(kv.Key, [.. kv.Value.OrderBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Kind).Select(o => new Operation(o.Name, o.Kind))]))
            .ToList();
        var meta = new BlockMeta
        {
            Format = BlockFormat.Name,
            BlockId = BlockId,
            CompactionLevel = _options.CompactionLevel,
            CreatedAt = DateTimeOffset.UtcNow,
            MinStartUnixNano = _minStart,
            MaxStartUnixNano = _maxStart,
            MaxEndUnixNano = _maxEnd,
            MinTraceId = _traceIds[0],
            MaxTraceId = _traceIds[^1],
            TraceCount = _traceIds.Count,
            SpanCount = SpanCount,
            DataBytes = dataBytes,
            Services = services,
            Dependencies = _dependencies.ToLinks(),
            WalCheckpoint = _options.WalCheckpoint,
            CompactedFrom = [.. _options.CompactedFrom],
        };

        var (serviceNames, operationNames) = BlockIndex.Vocabulary(meta);
        var index = new BlockIndex(serviceNames, operationNames, [.. _rowGroups.Select(g => g.ToSummary(serviceNames, operationNames))]);
        BlockFile.Write(Path.Combine(_tempDirectory, BlockFormat.BloomFileName), BloomFilter.Build(_traceIds).ToFile(), _options.Fsync);
        BlockFile.Write(Path.Combine(_tempDirectory, BlockFormat.IndexFileName), index.ToFile(), _options.Fsync);
        BlockFile.Write(Path.Combine(_tempDirectory, BlockFormat.MetaFileName), BlockMetaFile.Serialize(meta), _options.Fsync);
        // .NET has no directory fsync: the rename is atomic but may be lost on power failure (the WAL still has the data).
        Directory.Move(_tempDirectory, Path.Combine(_blocksDirectory, BlockId.ToString("D")));
        _completed = true;
        return meta;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        SpanRowGroupWriter.Return(_rows);
        _rows = null!;
        try
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The block is abandoned; its files are deleted below.
        }

        if (_dataStream is not null)
        {
            await _dataStream.DisposeAsync().ConfigureAwait(false);
        }

        if (!_completed && Directory.Exists(_tempDirectory))
        {
            Directory.Delete(_tempDirectory, recursive: true);
        }
    }

    /// <summary>The index entry of the row group being filled.</summary>
    private sealed class RowGroupAccumulator(long firstRow)
    {
        private readonly HashSet<string> _services = new(StringComparer.Ordinal);
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);
        private int _rows;
        private TraceId _minId;
        private TraceId _maxId;
        private ulong _minStart = ulong.MaxValue;
        private ulong _maxStart;
        private ulong _minDuration = ulong.MaxValue;
        private ulong _maxDuration;

        public void Add(Span span)
        {
            if (_rows == 0)
            {
                _minId = span.TraceId;
            }

            _maxId = span.TraceId;
            _rows++;
            _minStart = Math.Min(_minStart, span.StartTimeUnixNano);
            _maxStart = Math.Max(_maxStart, span.StartTimeUnixNano);
            _minDuration = Math.Min(_minDuration, span.DurationNanos);
            _maxDuration = Math.Max(_maxDuration, span.DurationNanos);
            _services.Add(span.ServiceName);
            _names.Add(span.Name);
        }

        public RowGroupSummary ToSummary(List<string> services, List<string> names) => new(
            firstRow, _rows, _minId, _maxId, _minStart, _maxStart, _minDuration, _maxDuration,
            Bits(_services, services), Bits(_names, names));

        private static ulong[] Bits(HashSet<string> present, List<string> vocabulary)
        {
            var bits = new ulong[(vocabulary.Count + 63) / 64];
            for (var i = 0; i < vocabulary.Count; i++)
            {
                if (present.Contains(vocabulary[i]))
                {
                    bits[i >> 6] |= 1UL << (i & 63);
                }
            }

            return bits;
        }
    }
}
