using System.Collections.Concurrent;
using Parquet;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// Open readers of one <c>data.parquet</c>, each with its own file stream and parsed footer, lent to one read at a
/// time so concurrent reads neither share a stream position nor re-parse the footer. Thread-safe.
/// </summary>
internal sealed class ParquetReaderPool : IDisposable
{
    private readonly string _path;
    private readonly int _maxIdle = Math.Max(2, Environment.ProcessorCount * 2);
    private readonly ConcurrentBag<Lease> _idle = [];
    private volatile bool _disposed;

    public ParquetReaderPool(string path) => _path = path;

    public async ValueTask<Lease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var lease))
        {
            return lease;
        }

        var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.RandomAccess);
        try
        {
            var reader = await ParquetReader.CreateAsync(stream, BlockParquet.ReaderOptions(), leaveStreamOpen: false, cancellationToken).ConfigureAwait(false);
            return new Lease(this, stream, reader);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new InvalidDataException($"block data file '{_path}' is not a readable Parquet file: {e.Message}", e);
        }
    }

    private void Return(Lease lease)
    {
        if (_disposed || _idle.Count >= _maxIdle)
        {
            lease.Close();
            return;
        }

        _idle.Add(lease);
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Close();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var lease))
        {
            lease.Close();
        }
    }

    /// <summary>One reader, returned to the pool by <see cref="Dispose"/>.</summary>
    internal sealed class Lease(ParquetReaderPool pool, FileStream stream, ParquetReader reader) : IDisposable
    {
        public ParquetReader Reader { get; } = reader;

        public void Dispose() => pool.Return(this);

        internal void Close()
        {
            Reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stream.Dispose();
        }
    }
}
