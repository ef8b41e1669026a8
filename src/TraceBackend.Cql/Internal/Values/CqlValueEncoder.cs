using System.Buffers.Binary;
using System.Collections;
using System.Net;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.FrontendMessages;

namespace TraceBackend.Cql.Internal.Values;

/// <summary>
/// Encodes CLR values as [value]s by the bind variable's CQL type (spec §6, §7). A value of the wrong CLR type is an
/// <see cref="ArgumentException"/> naming the variable and the expected type; nothing is sent in that case.
/// </summary>
internal static partial class CqlValueEncoder
{
    /// <summary>Days from 0001-01-01 to 1970-01-01, the CQL date epoch (stored as 2^31).</summary>
    private const int UnixEpochDayNumber = 719162;

    public static BoundValues Encode(IReadOnlyList<CqlColumn> variables, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != variables.Count)
        {
            throw new ArgumentException(
                $"the statement has {variables.Count} bind variables; {values.Count} values were given", nameof(values));
        }

        if (values.Count == 0)
        {
            return BoundValues.Empty;
        }

        using var buffer = new CqlWriteBuffer();
        for (var i = 0; i < values.Count; i++)
        {
            WriteValue(buffer, variables[i].Type, values[i], variables[i].Name);
        }

        return new BoundValues(values.Count, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Writes one [value]: an [int] length and the serialized bytes, or length -1 for null.</summary>
    public static void WriteValue(CqlWriteBuffer buffer, CqlType type, object? value, string name)
    {
        if (value is null)
        {
            buffer.WriteNullBytes();
            return;
        }

        var lengthAt = buffer.Reserve(4);
        var start = buffer.Length;
        WriteContent(buffer, type, value, name);
        buffer.PatchInt(lengthAt, buffer.Length - start);
    }

    private static void WriteContent(CqlWriteBuffer buffer, CqlType type, object value, string name)
    {
        switch (type.Kind)
        {
            case CqlTypeKind.Varchar when value is string text:
                buffer.WriteUtf8(text);
                return;
            case CqlTypeKind.Ascii when value is string ascii:
                if (!Ascii.IsValid(ascii))
                {
                    ThrowHelper.ThrowBind(name, type, "the string holds characters outside ASCII");
                }

                buffer.WriteUtf8(ascii);
                return;
            case CqlTypeKind.Bigint or CqlTypeKind.Counter when TryInt64(value, out var int64):
                buffer.WriteLong(int64);
                return;
            case CqlTypeKind.Int when TryInt32(value, out var int32):
                buffer.WriteInt(int32);
                return;
            case CqlTypeKind.Smallint when value is short or sbyte or byte:
                BinaryPrimitives.WriteInt16BigEndian(buffer.GetSpan(2), Convert.ToInt16(value, null));
                buffer.Advance(2);
                return;
            case CqlTypeKind.Tinyint when value is sbyte tiny:
                buffer.WriteByte(unchecked((byte)tiny));
                return;
            case CqlTypeKind.Boolean when value is bool flag:
                buffer.WriteByte(flag ? (byte)1 : (byte)0);
                return;
            case CqlTypeKind.Double when value is double or float:
                buffer.WriteLong(BitConverter.DoubleToInt64Bits(Convert.ToDouble(value, null)));
                return;
            case CqlTypeKind.Float when value is float single:
                buffer.WriteInt(BitConverter.SingleToInt32Bits(single));
                return;
            case CqlTypeKind.Blob or CqlTypeKind.Custom when TryBytes(value, out var bytes):
                buffer.WriteRaw(bytes.Span);
                return;
            case CqlTypeKind.Timestamp when TryTimestamp(value, out var milliseconds):
                buffer.WriteLong(milliseconds);
                return;
            case CqlTypeKind.Uuid or CqlTypeKind.Timeuuid when value is Guid guid:
                guid.TryWriteBytes(buffer.GetSpan(16), bigEndian: true, out _);
                buffer.Advance(16);
                return;
            case CqlTypeKind.Varint when TryBigInteger(value, out var integer):
                buffer.WriteRaw(integer.ToByteArray(isUnsigned: false, isBigEndian: true));
                return;
            case CqlTypeKind.Decimal when value is decimal number:
                WriteDecimal(buffer, number);
                return;
            case CqlTypeKind.Inet when value is IPAddress address:
                buffer.WriteRaw(address.GetAddressBytes());
                return;
            case CqlTypeKind.Date when value is DateOnly date:
                buffer.WriteInt(unchecked((int)(uint)(date.DayNumber - UnixEpochDayNumber + 2147483648L)));
                return;
            case CqlTypeKind.Time when value is TimeSpan or TimeOnly:
                buffer.WriteLong((value is TimeOnly time ? time.Ticks : ((TimeSpan)value).Ticks) * 100);
                return;
            case CqlTypeKind.List or CqlTypeKind.Set when value is IEnumerable items and not string and not IDictionary:
                WriteCollection(buffer, type, items, name);
                return;
            case CqlTypeKind.Map when value is IEnumerable and not string:
                WriteMap(buffer, type, value, name);
                return;
            case CqlTypeKind.Udt when value is IEnumerable<KeyValuePair<string, object?>> or IDictionary:
                WriteUdt(buffer, type, value, name);
                return;
            case CqlTypeKind.Tuple when value is ITuple or IReadOnlyList<object?>:
                WriteTuple(buffer, type, value, name);
                return;
        }

        ThrowHelper.ThrowBindType(name, type, value);
    }

    private static void WriteDecimal(CqlWriteBuffer buffer, decimal number)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(number, bits);
        var unscaled = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        if (bits[3] < 0)
        {
            unscaled = -unscaled;
        }

        buffer.WriteInt((bits[3] >> 16) & 0xFF);
        buffer.WriteRaw(unscaled.ToByteArray(isUnsigned: false, isBigEndian: true));
    }
}
