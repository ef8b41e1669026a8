using System.Buffers;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// Byte storage for the binary cells of the row group being built (IDs, bytes values, encoded complex values):
/// slices stay valid until <see cref="Clear"/>, which keeps the first chunk for reuse.
/// </summary>
internal sealed class ComplexValueWriter
{
    private const int ChunkBytes = 64 * 1024;

    private readonly List<byte[]> _chunks = [new byte[ChunkBytes]];
    private readonly ArrayBufferWriter<byte> _scratch = new();
    private int _chunk;
    private int _offset;

    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes)
    {
        var target = Allocate(bytes.Length);
        bytes.CopyTo(target.Span);
        return target;
    }

    public ReadOnlyMemory<byte> Encode(AttributeValue value)
    {
        _scratch.ResetWrittenCount();
        AnyValueCodec.Encode(value, _scratch);
        return Copy(_scratch.WrittenSpan);
    }

    /// <summary>Writable space of <paramref name="length"/> bytes.</summary>
    public Memory<byte> Allocate(int length)
    {
        if (length > ChunkBytes)
        {
            return new byte[length];
        }

        if (_offset + length > ChunkBytes)
        {
            _chunk++;
            if (_chunk == _chunks.Count)
            {
                _chunks.Add(new byte[ChunkBytes]);
            }

            _offset = 0;
        }

        var memory = _chunks[_chunk].AsMemory(_offset, length);
        _offset += length;
        return memory;
    }

    public void Clear()
    {
        // Keep at most a few chunks: a row group with unusually large values should not stay pinned.
        if (_chunks.Count > 16)
        {
            _chunks.RemoveRange(16, _chunks.Count - 16);
        }

        _chunk = 0;
        _offset = 0;
    }
}
