using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TraceBackend.Cql.Internal.Buffers;

/// <summary>
/// A growable big-endian writer over a pooled array for the protocol notations of spec §3. Invariant: bytes
/// [0, <see cref="Length"/>) are written; the array goes back to the pool on <see cref="Dispose"/>, after which
/// the buffer must not be used.
/// </summary>
internal sealed class CqlWriteBuffer : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public CqlWriteBuffer(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>Direct access for patching already written bytes (frame header, length prefixes).</summary>
    public Span<byte> WrittenSpanForPatch => _buffer.AsSpan(0, _length);

    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _buffer.AsSpan(_length, size);
    }

    public void Advance(int count) => _length += count;

    /// <summary>Reserves <paramref name="count"/> zero bytes and returns their offset.</summary>
    public int Reserve(int count)
    {
        GetSpan(count).Clear();
        var position = _length;
        _length += count;
        return position;
    }

    public void PatchInt(int position, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(position, 4), value);

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        _length++;
    }

    public void WriteShort(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(GetSpan(2), value);
        _length += 2;
    }

    public void WriteInt(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(GetSpan(4), value);
        _length += 4;
    }

    public void WriteLong(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(GetSpan(8), value);
        _length += 8;
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    /// <summary>UTF-8 bytes with no length prefix.</summary>
    public int WriteUtf8(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        Encoding.UTF8.GetBytes(value, GetSpan(count));
        _length += count;
        return count;
    }

    /// <summary>[string]: a [short] byte count, then UTF-8.</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        if (count > ushort.MaxValue)
        {
            ThrowHelper.ThrowStringTooLong(count);
        }

        WriteShort((ushort)count);
        Encoding.UTF8.GetBytes(value, GetSpan(count));
        _length += count;
    }

    /// <summary>[long string]: an [int] byte count, then UTF-8.</summary>
    public void WriteLongString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt(count);
        Encoding.UTF8.GetBytes(value, GetSpan(count));
        _length += count;
    }

    /// <summary>[bytes]: an [int] length then the bytes; null is length -1.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        WriteRaw(value);
    }

    public void WriteNullBytes() => WriteInt(-1);

    /// <summary>[short bytes]: a [short] length then the bytes.</summary>
    public void WriteShortBytes(ReadOnlySpan<byte> value)
    {
        WriteShort(checked((ushort)value.Length));
        WriteRaw(value);
    }

    public void WriteStringMap(IReadOnlyList<KeyValuePair<string, string>> map)
    {
        WriteShort(checked((ushort)map.Count));
        foreach (var (key, value) in map)
        {
            WriteString(key);
            WriteString(value);
        }
    }

    public void WriteConsistency(CqlConsistency consistency) => WriteShort((ushort)consistency);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int size)
    {
        if (_buffer.Length - _length >= size)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
        _buffer.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
