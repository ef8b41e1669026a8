using System.Buffers;

namespace TraceBackend.Otlp.Tests.Support;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out the smallest span allowed (exactly the size hint, at
/// least 1 byte) in a fresh array each time, so a writer must cope with many segments of exact sizes.
/// </summary>
internal sealed class SegmentedBufferWriter : IBufferWriter<byte>
{
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    public int Segments { get; private set; }

    public byte[] WrittenBytes => [.. _written];

    public void Advance(int count)
    {
        if (count < 0 || count > _current.Length)
        {
            throw new InvalidOperationException($"advanced {count} of a {_current.Length}-byte span");
        }

        _written.AddRange(_current.AsSpan(0, count));
        _current = [];
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Segments++;
        _current = new byte[Math.Max(1, sizeHint)];
        return _current;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
