using System.Buffers;
using System.IO.Pipelines;

namespace TraceBackend.Query.Json;

/// <summary>
/// The output of a response's JSON writer. Until the first <see cref="FlushAsync"/> the bytes are staged in pooled
/// segments that nobody else sees, so a failure can still be answered with a clean error document
/// (<see cref="Discard"/>). The first flush hands the staged bytes to the response pipe and switches to writing
/// straight into it (no further copies); from then on the body is committed.
/// Not thread-safe: one request's writer only.
/// </summary>
internal sealed class StagedBodyWriter(PipeWriter pipe) : IBufferWriter<byte>, IDisposable
{
    /// <summary>Size of a staging segment (larger size hints get a segment of their own size).</summary>
    private const int SegmentSize = 16 * 1024;

    private readonly List<(byte[] Array, int Count)> _segments = [];
    private bool _committed;

    /// <summary>True once bytes have been handed to the response pipe; the body can no longer be replaced.</summary>
    public bool Committed => _committed;

    /// <summary>Bytes advanced since the last <see cref="FlushAsync"/> (staged or sitting unflushed in the pipe).</summary>
    public long PendingBytes { get; private set; }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_committed)
        {
            pipe.Advance(count);
        }
        else
        {
            var (array, used) = _segments[^1];
            if (used + count > array.Length)
            {
                throw new InvalidOperationException("Advanced past the end of the buffer.");
            }

            _segments[^1] = (array, used + count);
        }

        PendingBytes += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _committed ? pipe.GetMemory(sizeHint) : StagingMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _committed ? pipe.GetSpan(sizeHint) : StagingMemory(sizeHint).Span;

    /// <summary>Commits the staged bytes (first call) and flushes the pipe to the client.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (!_committed)
        {
            _committed = true;
            foreach (var (array, count) in _segments)
            {
                pipe.Write(array.AsSpan(0, count));
            }

            ReturnSegments();
        }

        PendingBytes = 0;
        await pipe.FlushAsync(cancellationToken);
    }

    /// <summary>Drops staged bytes; returns false when the body is already committed (nothing can be taken back).</summary>
    public bool Discard()
    {
        ReturnSegments();
        PendingBytes = 0;
        return !_committed;
    }

    /// <summary>Returns the staging segments to the pool; staged bytes not yet flushed are lost.</summary>
    public void Dispose() => ReturnSegments();

    private Memory<byte> StagingMemory(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_segments.Count > 0)
        {
            var (array, used) = _segments[^1];
            if (array.Length - used >= needed)
            {
                return array.AsMemory(used);
            }
        }

        var segment = ArrayPool<byte>.Shared.Rent(Math.Max(needed, SegmentSize));
        _segments.Add((segment, 0));
        return segment;
    }

    private void ReturnSegments()
    {
        foreach (var (array, _) in _segments)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _segments.Clear();
    }
}
