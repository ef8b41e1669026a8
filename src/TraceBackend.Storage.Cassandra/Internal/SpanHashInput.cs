using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The bytes <see cref="SpanHash"/> hashes for rows (its summary gives the layout), appended to one buffer rented
/// from <see cref="ArrayPool{T}.Shared"/> and grown by doubling; <see cref="Dispose"/> returns it. The bytes of the
/// process last appended are kept, so rows of one <see cref="DbProcess"/> instance in a row (the spans of one resource)
/// copy them instead of encoding the process again. A mutable struct: pass it by reference.
/// </summary>
internal struct SpanHashInput : IDisposable
{
    private const int InitialCapacity = 16 * 1024;

    private byte[] _buffer;
    private int _length;

    /// <summary>The process last appended and its bytes (service name and tags) in <see cref="_processBytes"/>.</summary>
    private DbProcess? _process;
    private byte[]? _processBytes;
    private int _processLength;

    public SpanHashInput() => _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Appends the bytes of one row.</summary>
    public void Append(in SpanRowContent row)
    {
        Reserve(16);
        row.TraceId.WriteBytes(_buffer.AsSpan(_length, 16));
        _length += 16;
        Add(row.SpanId);
        Add(row.ParentId);
        Add(row.OperationName);
        Add(row.Flags);
        Add(row.StartTime);
        Add(row.Duration);
        Add(row.Tags);
        Add(row.Logs.Count);
        for (var i = 0; i < row.Logs.Count; i++)
        {
            Add(row.Logs[i].Timestamp);
            Add(row.Logs[i].Fields);
        }

        Add(row.Refs.Count);
        for (var i = 0; i < row.Refs.Count; i++)
        {
            var reference = row.Refs[i];
            Add(reference.RefType);
            AddBlob(reference.TraceId);
            Add(reference.SpanId);
        }

        if (row.Process is { } process)
        {
            AddByte(1);
            AddProcess(process);
        }
        else
        {
            AddByte(0);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        if (_processBytes is not null)
        {
            ArrayPool<byte>.Shared.Return(_processBytes);
        }

        this = default;
        _buffer = [];
    }

    /// <summary>Service name then tags.</summary>
    private void AddProcess(DbProcess process)
    {
        if (ReferenceEquals(process, _process))
        {
            Reserve(_processLength);
            _processBytes.AsSpan(0, _processLength).CopyTo(_buffer.AsSpan(_length));
            _length += _processLength;
            return;
        }

        var start = _length;
        Add(process.ServiceName);
        Add(process.Tags);
        _processLength = _length - start;
        if (_processBytes is null || _processBytes.Length < _processLength)
        {
            if (_processBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(_processBytes);
            }

            _processBytes = ArrayPool<byte>.Shared.Rent(_processLength);
        }

        _buffer.AsSpan(start, _processLength).CopyTo(_processBytes);
        _process = process;
    }

    /// <summary>Count, then per key/value: key, value_type, value_string, value_bool, value_long, value_double bits, value_binary.</summary>
    private void Add(IReadOnlyList<DbKeyValue> values)
    {
        Add(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var kv = values[i];
            Add(kv.Key);
            Add(kv.ValueType);
            Add(kv.ValueString);
            AddByte(kv.ValueBool ? (byte)1 : (byte)0);
            Add(kv.ValueLong);
            Add(BitConverter.DoubleToInt64Bits(kv.ValueDouble));
            AddBlob(kv.ValueBinary);
        }
    }

    private void AddByte(byte value)
    {
        Reserve(1);
        _buffer[_length++] = value;
    }

    private void Add(int value)
    {
        Reserve(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void Add(long value)
    {
        Reserve(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>The UTF-8 byte count (4 bytes) then the UTF-8 bytes (lone surrogates as U+FFFD, as <see cref="Encoding.UTF8"/> does).</summary>
    private void Add(string text)
    {
        Reserve(4 + Encoding.UTF8.GetMaxByteCount(text.Length));
        var destination = _buffer.AsSpan(_length + 4, text.Length);
        var written = text.Length;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x80)
            {
                written = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length + 4));
                break;
            }

            destination[i] = (byte)c;
        }

        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
    }

    /// <summary>The length (4 bytes; −1 for null) then the bytes.</summary>
    private void AddBlob(byte[]? blob)
    {
        if (blob is null)
        {
            Add(-1);
            return;
        }

        Add(blob.Length);
        Reserve(blob.Length);
        blob.CopyTo(_buffer.AsSpan(_length));
        _length += blob.Length;
    }

    private void Reserve(int count)
    {
        if (_buffer.Length - _length >= count)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
