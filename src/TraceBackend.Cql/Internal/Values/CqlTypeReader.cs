using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.Values;

/// <summary>Reads a column type [option] (spec §4.2.5.2), recursing into list, set, map, UDT and tuple components.</summary>
internal static class CqlTypeReader
{
    /// <summary>Deeper nesting than any real schema; bounds recursion on malformed input.</summary>
    private const int MaxDepth = 64;

    public static CqlType ReadOption(ref CqlReader reader) => ReadOption(ref reader, 0);

    private static CqlType ReadOption(ref CqlReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            ThrowHelper.ThrowProtocol($"type [option] nested deeper than {MaxDepth} levels");
        }

        var id = (CqlTypeKind)reader.ReadShort();
        switch (id)
        {
            case CqlTypeKind.Custom:
                return CqlType.Custom(reader.ReadString());
            case CqlTypeKind.List:
                return CqlType.List(ReadOption(ref reader, depth + 1));
            case CqlTypeKind.Set:
                return CqlType.Set(ReadOption(ref reader, depth + 1));
            case CqlTypeKind.Map:
                var key = ReadOption(ref reader, depth + 1);
                return CqlType.Map(key, ReadOption(ref reader, depth + 1));
            case CqlTypeKind.Udt:
                var keyspace = reader.ReadString();
                var name = reader.ReadString();
                int fieldCount = reader.ReadShort();
                var fields = new CqlUdtField[fieldCount];
                for (var i = 0; i < fieldCount; i++)
                {
                    var fieldName = reader.ReadString();
                    fields[i] = new CqlUdtField(fieldName, ReadOption(ref reader, depth + 1));
                }

                return CqlType.Udt(keyspace, name, fields);
            case CqlTypeKind.Tuple:
                int count = reader.ReadShort();
                var types = new CqlType[count];
                for (var i = 0; i < count; i++)
                {
                    types[i] = ReadOption(ref reader, depth + 1);
                }

                return CqlType.Tuple(types);
            case CqlTypeKind.Ascii or CqlTypeKind.Bigint or CqlTypeKind.Blob or CqlTypeKind.Boolean or CqlTypeKind.Counter
                or CqlTypeKind.Decimal or CqlTypeKind.Double or CqlTypeKind.Float or CqlTypeKind.Int or CqlTypeKind.Timestamp
                or CqlTypeKind.Uuid or CqlTypeKind.Varchar or CqlTypeKind.Varint or CqlTypeKind.Timeuuid or CqlTypeKind.Inet
                or CqlTypeKind.Date or CqlTypeKind.Time or CqlTypeKind.Smallint or CqlTypeKind.Tinyint:
                return CqlType.Native(id);
            default:
                return ThrowHelper.ThrowProtocol<CqlType>($"unknown type [option] id 0x{(ushort)id:X4}");
        }
    }
}
