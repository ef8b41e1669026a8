using System.Numerics;

namespace TraceBackend.Cql.Internal.Values;

/// <summary>The CLR forms <see cref="CqlValueEncoder"/> accepts per CQL type (lossless widening only).</summary>
internal static partial class CqlValueEncoder
{
    private static bool TryInt64(object value, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case int i: result = i; return true;
            case short s: result = s; return true;
            case sbyte sb: result = sb; return true;
            case byte b: result = b; return true;
            case ushort us: result = us; return true;
            case uint ui: result = ui; return true;
            default: result = 0; return false;
        }
    }

    private static bool TryInt32(object value, out int result)
    {
        switch (value)
        {
            case int i: result = i; return true;
            case short s: result = s; return true;
            case sbyte sb: result = sb; return true;
            case byte b: result = b; return true;
            case ushort us: result = us; return true;
            default: result = 0; return false;
        }
    }

    private static bool TryBigInteger(object value, out BigInteger result)
    {
        if (value is BigInteger big)
        {
            result = big;
            return true;
        }

        var ok = TryInt64(value, out var int64);
        result = int64;
        return ok;
    }

    private static bool TryBytes(object value, out ReadOnlyMemory<byte> bytes)
    {
        switch (value)
        {
            case byte[] array: bytes = array; return true;
            case ReadOnlyMemory<byte> memory: bytes = memory; return true;
            case Memory<byte> writable: bytes = writable; return true;
            case ArraySegment<byte> segment: bytes = segment; return true;
            default: bytes = default; return false;
        }
    }

    private static bool TryTimestamp(object value, out long milliseconds)
    {
        switch (value)
        {
            case DateTimeOffset offset:
                milliseconds = offset.ToUnixTimeMilliseconds();
                return true;
            case DateTime time:
                var utc = time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time;
                milliseconds = new DateTimeOffset(utc).ToUnixTimeMilliseconds();
                return true;
            case long raw:
                milliseconds = raw;
                return true;
            default:
                milliseconds = 0;
                return false;
        }
    }
}
