using System.Buffers.Binary;
using System.Net;
using System.Numerics;
using System.Text;
using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.Values;

/// <summary>
/// Decodes one serialized value (spec §6, §7) into its CLR form: text/ascii → string, bigint/counter → long,
/// int → int, smallint → short, tinyint → sbyte, boolean → bool, double → double, float → float, blob/custom → byte[],
/// timestamp → DateTimeOffset, uuid/timeuuid → Guid, varint → BigInteger, decimal → decimal (double when out of
/// range), inet → IPAddress, date → DateOnly, time → TimeSpan, list/set → IReadOnlyList&lt;object?&gt;,
/// map → IReadOnlyDictionary&lt;object, object?&gt;, UDT → <see cref="CqlUdtValue"/>, tuple → object?[].
/// The legacy empty value of a non-string, non-blob type (zero bytes) decodes as null.
/// </summary>
internal static class CqlValueDecoder
{
    private const int UnixEpochDayNumber = 719162;

    public static object? Decode(CqlType type, ReadOnlySpan<byte> bytes)
    {
        switch (type.Kind)
        {
            case CqlTypeKind.Varchar or CqlTypeKind.Ascii:
                return Encoding.UTF8.GetString(bytes);
            case CqlTypeKind.Blob or CqlTypeKind.Custom:
                return bytes.ToArray();
        }

        if (bytes.IsEmpty)
        {
            return null;
        }

        switch (type.Kind)
        {
            case CqlTypeKind.Bigint or CqlTypeKind.Counter:
                return BinaryPrimitives.ReadInt64BigEndian(Exactly(type, bytes, 8));
            case CqlTypeKind.Int:
                return BinaryPrimitives.ReadInt32BigEndian(Exactly(type, bytes, 4));
            case CqlTypeKind.Smallint:
                return BinaryPrimitives.ReadInt16BigEndian(Exactly(type, bytes, 2));
            case CqlTypeKind.Tinyint:
                return unchecked((sbyte)Exactly(type, bytes, 1)[0]);
            case CqlTypeKind.Boolean:
                return Exactly(type, bytes, 1)[0] != 0;
            case CqlTypeKind.Double:
                return BinaryPrimitives.ReadDoubleBigEndian(Exactly(type, bytes, 8));
            case CqlTypeKind.Float:
                return BinaryPrimitives.ReadSingleBigEndian(Exactly(type, bytes, 4));
            case CqlTypeKind.Timestamp:
                return Timestamp(BinaryPrimitives.ReadInt64BigEndian(Exactly(type, bytes, 8)));
            case CqlTypeKind.Uuid or CqlTypeKind.Timeuuid:
                return new Guid(Exactly(type, bytes, 16), bigEndian: true);
            case CqlTypeKind.Varint:
                return new BigInteger(bytes, isUnsigned: false, isBigEndian: true);
            case CqlTypeKind.Decimal:
                return DecodeDecimal(bytes);
            case CqlTypeKind.Inet:
                return bytes.Length is 4 or 16 ? new IPAddress(bytes) : BadLength(type, bytes.Length);
            case CqlTypeKind.Date:
                return Date(BinaryPrimitives.ReadUInt32BigEndian(Exactly(type, bytes, 4)));
            case CqlTypeKind.Time:
                return TimeSpan.FromTicks(BinaryPrimitives.ReadInt64BigEndian(Exactly(type, bytes, 8)) / 100);
            case CqlTypeKind.List or CqlTypeKind.Set:
                return DecodeCollection(type, bytes);
            case CqlTypeKind.Map:
                return DecodeMap(type, bytes);
            case CqlTypeKind.Udt:
                return new CqlUdtValue(type, DecodeSequence(type.Fields.Select(f => f.Type).ToArray(), bytes));
            case CqlTypeKind.Tuple:
                return DecodeSequence(type.TupleTypes, bytes);
            default:
                return ThrowHelper.ThrowProtocol<object>($"no decoder for type {type}");
        }
    }

    private static List<object?> DecodeCollection(CqlType type, ReadOnlySpan<byte> bytes)
    {
        var reader = new CqlReader(bytes);
        var count = Count(ref reader, type);
        var list = new List<object?>(Math.Min(count, reader.Remaining / 4));
        for (var i = 0; i < count; i++)
        {
            list.Add(reader.TryReadBytes(out var element) ? Decode(type.ElementType!, element) : null);
        }

        return list;
    }

    private static Dictionary<object, object?> DecodeMap(CqlType type, ReadOnlySpan<byte> bytes)
    {
        var reader = new CqlReader(bytes);
        var count = Count(ref reader, type);
        var map = new Dictionary<object, object?>(Math.Min(count, reader.Remaining / 8));
        for (var i = 0; i < count; i++)
        {
            var key = reader.TryReadBytes(out var keyBytes) ? Decode(type.KeyType!, keyBytes) : null;
            if (key is null)
            {
                ThrowHelper.ThrowProtocol($"{type} value holds a null key");
            }

            map[key] = reader.TryReadBytes(out var valueBytes) ? Decode(type.ValueType!, valueBytes) : null;
        }

        return map;
    }

    /// <summary>UDT and tuple layout: one [bytes] per component in order; trailing components may be absent (null).</summary>
    private static object?[] DecodeSequence(IReadOnlyList<CqlType> types, ReadOnlySpan<byte> bytes)
    {
        var reader = new CqlReader(bytes);
        var values = new object?[types.Count];
        for (var i = 0; i < types.Count && reader.Remaining > 0; i++)
        {
            values[i] = reader.TryReadBytes(out var component) ? Decode(types[i], component) : null;
        }

        return values;
    }

    private static int Count(ref CqlReader reader, CqlType type)
    {
        var count = reader.ReadInt();
        return count >= 0 ? count : ThrowHelper.ThrowProtocol<int>($"{type} value has negative element count {count}");
    }

    private static object DecodeDecimal(ReadOnlySpan<byte> bytes)
    {
        var reader = new CqlReader(bytes);
        var scale = reader.ReadInt();
        var unscaled = new BigInteger(reader.Take(reader.Remaining), isUnsigned: false, isBigEndian: true);
        var magnitude = BigInteger.Abs(unscaled);
        if (scale is >= 0 and <= 28 && magnitude < (BigInteger.One << 96))
        {
            var words = magnitude.ToByteArray(isUnsigned: true, isBigEndian: false);
            Span<byte> padded = stackalloc byte[12];
            words.AsSpan(0, Math.Min(words.Length, 12)).CopyTo(padded);
            return new decimal(
                BinaryPrimitives.ReadInt32LittleEndian(padded),
                BinaryPrimitives.ReadInt32LittleEndian(padded[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(padded[8..]),
                unscaled.Sign < 0,
                (byte)scale);
        }

        return (double)unscaled * Math.Pow(10, -scale);
    }

    private static DateTimeOffset Timestamp(long milliseconds) =>
        milliseconds is >= -62135596800000 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : ThrowHelper.ThrowProtocol<DateTimeOffset>($"timestamp {milliseconds} ms lies outside years 1..9999");

    private static DateOnly Date(uint raw)
    {
        var dayNumber = UnixEpochDayNumber + ((long)raw - 2147483648L);
        return dayNumber is >= 0 and <= 3652058
            ? DateOnly.FromDayNumber((int)dayNumber)
            : ThrowHelper.ThrowProtocol<DateOnly>($"date {raw} lies outside years 1..9999");
    }

    private static ReadOnlySpan<byte> Exactly(CqlType type, ReadOnlySpan<byte> bytes, int length)
    {
        if (bytes.Length != length)
        {
            ThrowHelper.ThrowBadLength(type, bytes.Length);
        }

        return bytes;
    }

    private static object BadLength(CqlType type, int length)
    {
        ThrowHelper.ThrowBadLength(type, length);
        return null!;
    }
}
