using System.Runtime.CompilerServices;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// An open, immutable block. Meta, bloom filter and index are loaded at open; span data is read from the Parquet
/// file on demand (only the needed row groups and columns). All members are safe to call concurrently.
/// Disposing closes the files; calls in flight may then fail with <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed partial class Block : IDisposable
{
    private readonly BloomFilter _bloom;
    private readonly BlockIndex _index;
    private readonly ParquetReaderPool _readers;
    private volatile bool _disposed;

    private Block(string directory, BlockMeta meta, BloomFilter bloom, BlockIndex index, ParquetReaderPool readers)
    {
        Directory = directory;
        Meta = meta;
        _bloom = bloom;
        _index = index;
        _readers = readers;
    }

    /// <summary>
    /// Opens the block in <paramref name="directory"/>. Throws <see cref="InvalidDataException"/> (message names the
    /// file and what is wrong) when a file is missing, truncated, fails its checksum or has an unknown format.
    /// </summary>
    public static Block Open(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        directory = Path.GetFullPath(directory);
        var meta = BlockMetaFile.Read(Path.Combine(directory, BlockFormat.MetaFileName));
        var name = Path.GetFileName(directory);
        if (Guid.TryParse(name, out var nameId) && nameId != meta.BlockId)
        {
            throw new InvalidDataException($"block meta '{Path.Combine(directory, BlockFormat.MetaFileName)}' has block ID {meta.BlockId}, not the directory's {nameId}");
        }

        var bloom = BloomFilter.Read(Path.Combine(directory, BlockFormat.BloomFileName));
        var index = BlockIndex.Read(Path.Combine(directory, BlockFormat.IndexFileName), meta);
        var dataPath = Path.Combine(directory, BlockFormat.DataFileName);
        var data = new FileInfo(dataPath);
        if (!data.Exists)
        {
            throw new InvalidDataException($"block data file '{dataPath}' is missing");
        }

        if (data.Length != meta.DataBytes)
        {
            throw new InvalidDataException($"block data file '{dataPath}' has {data.Length} bytes; meta.json says {meta.DataBytes} (truncated or replaced)");
        }

        var readers = new ParquetReaderPool(dataPath);
        try
        {
            using var lease = readers.RentAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            CheckLayout(lease.Reader, index, dataPath);
        }
        catch
        {
            readers.Dispose();
            throw;
        }

        return new Block(directory, meta, bloom, index, readers);
    }

    private static void CheckLayout(Parquet.ParquetReader reader, BlockIndex index, string dataPath)
    {
        var leaves = reader.Schema.GetDataFields();
        if (leaves.Length != BlockSchema.Leaves.Length
            || !leaves.Select(f => f.Path.ToString()).SequenceEqual(BlockSchema.Leaves.Select(f => f.Path.ToString())))
        {
            throw new InvalidDataException($"block data file '{dataPath}' does not have the {BlockFormat.Name} schema");
        }

        if (reader.RowGroupCount != index.RowGroups.Count)
        {
            throw new InvalidDataException($"block data file '{dataPath}' has {reader.RowGroupCount} row groups; the index lists {index.RowGroups.Count}");
        }

        for (var i = 0; i < reader.RowGroupCount; i++)
        {
            var rows = reader.OpenRowGroupReader(i).RowCount;
            if (rows != index.RowGroups[i].RowCount)
            {
                throw new InvalidDataException($"block data file '{dataPath}': row group {i} has {rows} rows; the index says {index.RowGroups[i].RowCount}");
            }
        }
    }

    public string Directory { get; }

    public BlockMeta Meta { get; }

    /// <summary>False only when the trace is certainly not in the block (bloom filter and trace-ID range).</summary>
    public bool MayContain(TraceId traceId) =>
        traceId.CompareTo(Meta.MinTraceId) >= 0 && traceId.CompareTo(Meta.MaxTraceId) <= 0 && _bloom.MayContain(traceId);

    /// <summary>The spans of one trace (empty when absent), reading only the row group(s) that can hold it.</summary>
    public async ValueTask<IReadOnlyList<Span>> GetTraceAsync(TraceId traceId, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!MayContain(traceId))
        {
            return [];
        }

        List<Span>? spans = null;
        ReadCache? cache = null;
        for (var g = 0; g < _index.RowGroups.Count; g++)
        {
            if (!_index.RowGroups[g].MayContain(traceId))
            {
                continue;
            }

            using var lease = await RentAsync(cancellationToken).ConfigureAwait(false);
            var rowGroup = lease.Reader.OpenRowGroupReader(g);
            int from, to;
            using (var ids = await LeafColumn<ReadOnlyMemory<byte>>.ReadAsync(rowGroup, BlockSchema.TraceId, cancellationToken).ConfigureAwait(false))
            {
                (from, to) = FindRows(ids.Values, traceId);
            }

            if (from == to)
            {
                continue;
            }

            using var columns = await SpanColumns.ReadAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            spans ??= [];
            columns.Materialize(from, to, null, spans, cache ??= new ReadCache());
        }

        return spans is null ? [] : spans;
    }

    /// <summary>The rows [from, to) holding <paramref name="traceId"/> in a row group's sorted trace-ID column.</summary>
    private static (int From, int To) FindRows(Span<ReadOnlyMemory<byte>> ids, TraceId traceId)
    {
        Span<byte> key = stackalloc byte[16];
        traceId.WriteBytes(key);
        int lo = 0, hi = ids.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ids[mid].Span.SequenceCompareTo(key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var end = lo;
        while (end < ids.Length && ids[end].Span.SequenceEqual(key))
        {
            end++;
        }

        return (lo, end);
    }

    /// <summary>
    /// Every trace of the block in increasing trace-ID order (for compaction and dependency scans), reading one
    /// row group at a time. Spans of a trace come in one item.
    /// </summary>
    public async IAsyncEnumerable<(TraceId TraceId, IReadOnlyList<Span> Spans)> ReadTracesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var cache = new ReadCache();
        var pending = new List<Span>();
        var rows = new List<Span>();
        for (var g = 0; g < _index.RowGroups.Count; g++)
        {
            rows.Clear();
            using (var lease = await RentAsync(cancellationToken).ConfigureAwait(false))
            {
                using var columns = await SpanColumns.ReadAsync(lease.Reader.OpenRowGroupReader(g), cancellationToken).ConfigureAwait(false);
                columns.Materialize(0, columns.RowCount, null, rows, cache);
            }

            foreach (var span in rows)
            {
                if (pending.Count > 0 && pending[0].TraceId != span.TraceId)
                {
                    yield return (pending[0].TraceId, pending.ToArray());
                    pending.Clear();
                }

                pending.Add(span);
            }
        }

        if (pending.Count > 0)
        {
            yield return (pending[0].TraceId, pending.ToArray());
        }
    }

    private ValueTask<ParquetReaderPool.Lease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _readers.RentAsync(cancellationToken);
    }

    public void Dispose()
    {
        _disposed = true;
        _readers.Dispose();
    }
}
