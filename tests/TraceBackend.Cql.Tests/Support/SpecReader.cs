using System.Text;

namespace TraceBackend.Cql.Tests.Support;

/// <summary>Reads request bodies in the fake server, by hand from spec §3 (independent of the client's reader).</summary>
internal sealed class SpecReader(byte[] bytes)
{
    private int _position;

    public int Remaining => bytes.Length - _position;

    public byte Byte() => bytes[_position++];

    public int Short() => (Byte() << 8) | Byte();

    public int Int() => (Byte() << 24) | (Byte() << 16) | (Byte() << 8) | Byte();

    public long Long() => ((long)Int() << 32) | (uint)Int();

    public byte[] Raw(int count)
    {
        var slice = bytes.AsSpan(_position, count).ToArray();
        _position += count;
        return slice;
    }

    public string String() => Encoding.UTF8.GetString(Raw(Short()));

    public string LongString() => Encoding.UTF8.GetString(Raw(Int()));

    public byte[]? Bytes()
    {
        var length = Int();
        return length < 0 ? null : Raw(length);
    }

    public byte[] ShortBytes() => Raw(Short());

    public Dictionary<string, string> StringMap()
    {
        var count = Short();
        var map = new Dictionary<string, string>();
        for (var i = 0; i < count; i++)
        {
            var key = String();
            map[key] = String();
        }

        return map;
    }
}
