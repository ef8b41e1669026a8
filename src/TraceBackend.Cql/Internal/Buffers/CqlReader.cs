using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace TraceBackend.Cql.Internal.Buffers;

/// <summary>
/// A forward-only big-endian reader over one message body for the notations of spec §3. Every read checks the
/// remaining length and throws <see cref="CqlProtocolException"/> instead of reading past the end.
/// </summary>
internal ref struct CqlReader
{
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public CqlReader(ReadOnlySpan<byte> span)
    {
        _span = span;
    }

    public readonly int Remaining => _span.Length - _position;

    public ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            ThrowHelper.ThrowTruncated(count, Remaining);
        }

        var slice = _span.Slice(_position, count);
        _position += count;
        return slice;
    }

    public void Skip(int count) => Take(count);

    public byte ReadByte() => Take(1)[0];

    public ushort ReadShort() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    public string ReadString() => Encoding.UTF8.GetString(Take(ReadShort()));

    public string ReadLongString()
    {
        var length = ReadInt();
        if (length < 0)
        {
            ThrowHelper.ThrowProtocol($"negative [long string] length {length}");
        }

        return Encoding.UTF8.GetString(Take(length));
    }

    public List<string> ReadStringList()
    {
        int count = ReadShort();
        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(ReadString());
        }

        return list;
    }

    /// <summary>[bytes]: false for null (negative length), else the bytes.</summary>
    public bool TryReadBytes(out ReadOnlySpan<byte> value)
    {
        var length = ReadInt();
        if (length < 0)
        {
            value = default;
            return false;
        }

        value = Take(length);
        return true;
    }

    public byte[]? ReadBytes() => TryReadBytes(out var value) ? value.ToArray() : null;

    public byte[] ReadShortBytes() => Take(ReadShort()).ToArray();

    public Dictionary<string, string> ReadStringMap()
    {
        int count = ReadShort();
        var map = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadString();
            map[key] = ReadString();
        }

        return map;
    }

    public Dictionary<string, IReadOnlyList<string>> ReadStringMultimap()
    {
        int count = ReadShort();
        var map = new Dictionary<string, IReadOnlyList<string>>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadString();
            map[key] = ReadStringList();
        }

        return map;
    }

    public Dictionary<string, byte[]?> ReadBytesMap()
    {
        int count = ReadShort();
        var map = new Dictionary<string, byte[]?>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadString();
            map[key] = ReadBytes();
        }

        return map;
    }

    /// <summary>[inet]: a [byte] address size (4 or 16), the address, then an [int] port.</summary>
    public IPEndPoint ReadInet()
    {
        int size = ReadByte();
        if (size is not (4 or 16))
        {
            ThrowHelper.ThrowProtocol($"[inet] address size must be 4 or 16, got {size}");
        }

        var address = new IPAddress(Take(size));
        return new IPEndPoint(address, ReadInt());
    }

    public CqlConsistency ReadConsistency() => (CqlConsistency)ReadShort();
}
