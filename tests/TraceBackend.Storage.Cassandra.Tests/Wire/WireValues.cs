using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;
using TraceBackend.Cql;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// Serialized CQL values (spec §6, §7) as the fake server sees them, coded by hand and independently of the client's
/// encoder and decoder: <see cref="Decode"/> reads bound values, <see cref="Encode"/> writes result values, and
/// <see cref="Render"/> prints a decoded value canonically (blobs as 0x-hex, UDTs as {field=value,…} in field order,
/// lists in brackets, timestamps as ISO-8601 UTC, booleans lower-case).
/// </summary>
internal static class WireValues
{
    public static object? Decode(CqlType type, byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        switch (type.Kind)
        {
            case CqlTypeKind.Varchar or CqlTypeKind.Ascii:
                return Encoding.UTF8.GetString(bytes);
            case CqlTypeKind.Blob:
                return bytes;
            case CqlTypeKind.Bigint:
                return BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8));
            case CqlTypeKind.Int:
                return BinaryPrimitives.ReadInt32BigEndian(Exactly(bytes, 4));
            case CqlTypeKind.Boolean:
                return Exactly(bytes, 1)[0] switch { 0 => false, 1 => true, var b => throw new InvalidDataException($"boolean byte {b}") };
            case CqlTypeKind.Double:
                return BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8)));
            case CqlTypeKind.Timestamp:
                return DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(Exactly(bytes, 8)));
            case CqlTypeKind.List or CqlTypeKind.Set:
            {
                var reader = new SpecReader(bytes);
                var count = reader.Int();
                var items = new List<object?>(count);
                for (var i = 0; i < count; i++)
                {
                    items.Add(Decode(type.ElementType!, reader.Bytes()));
                }

                return reader.Remaining == 0 ? items : throw new InvalidDataException($"{reader.Remaining} bytes after a {type}");
            }

            case CqlTypeKind.Udt:
            {
                var reader = new SpecReader(bytes);
                var fields = new List<(string, object?)>(type.Fields.Count);
                foreach (var field in type.Fields)
                {
                    fields.Add((field.Name, Decode(field.Type, reader.Bytes())));
                }

                return reader.Remaining == 0 ? new WireUdt(type.UdtName!, fields) : throw new InvalidDataException($"{reader.Remaining} bytes after a {type}");
            }

            default:
                throw new NotSupportedException($"type {type} is not used by schema v004");
        }
    }

    /// <summary>
    /// A value as a server serializes it: string, long, int, bool, double, byte[], DateTimeOffset, any enumerable for a
    /// list and a string-keyed dictionary for a UDT (fields it lacks are null).
    /// </summary>
    public static byte[]? Encode(CqlType type, object? value)
    {
        if (value is null)
        {
            return null;
        }

        return (type.Kind, value) switch
        {
            (CqlTypeKind.Varchar, string text) => V.Text(text),
            (CqlTypeKind.Bigint, long number) => V.Long(number),
            (CqlTypeKind.Int, int number) => V.Int(number),
            (CqlTypeKind.Boolean, bool flag) => V.Bool(flag),
            (CqlTypeKind.Double, double number) => V.Long(BitConverter.DoubleToInt64Bits(number)),
            (CqlTypeKind.Blob, byte[] bytes) => bytes,
            (CqlTypeKind.Timestamp, DateTimeOffset time) => V.Long(time.ToUnixTimeMilliseconds()),
            (CqlTypeKind.List, IEnumerable items) => V.Collection([.. items.Cast<object?>().Select(item => Encode(type.ElementType!, item))]),
            (CqlTypeKind.Udt, IReadOnlyDictionary<string, object?> udt) =>
                V.Fields([.. type.Fields.Select(f => Encode(f.Type, udt.GetValueOrDefault(f.Name)))]),
            _ => throw new ArgumentException($"cannot encode {value.GetType().Name} as {type}", nameof(value)),
        };
    }

    public static string Render(object? value) => value switch
    {
        null => "null",
        string text => text,
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
        bool flag => flag ? "true" : "false",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        WireUdt udt => "{" + string.Join(",", udt.Fields.Select(f => $"{f.Name}={Render(f.Value)}")) + "}",
        IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Render)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The bound values of one statement decoded by its variables' types.</summary>
    public static IReadOnlyList<object?> DecodeAll(V004Statement statement, IReadOnlyList<byte[]?> values)
    {
        if (values.Count != statement.Variables.Count)
        {
            throw new InvalidDataException($"{values.Count} values bound to {statement.Name}, which has {statement.Variables.Count} variables");
        }

        return [.. values.Select((bytes, i) => Decode(statement.Variables[i].Type, bytes))];
    }

    private static byte[] Exactly(byte[] bytes, int length) =>
        bytes.Length == length ? bytes : throw new InvalidDataException($"{bytes.Length} bytes where {length} belong");
}
