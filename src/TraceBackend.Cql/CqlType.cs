using System.Text;

namespace TraceBackend.Cql;

/// <summary>
/// A CQL column type as the protocol describes it (an [option], spec §4.2.5.2). Native kinds are shared instances;
/// collections, UDTs and tuples carry their component types. Equality is structural.
/// </summary>
public sealed class CqlType : IEquatable<CqlType>
{
    public static readonly CqlType Ascii = new(CqlTypeKind.Ascii);
    public static readonly CqlType Bigint = new(CqlTypeKind.Bigint);
    public static readonly CqlType Blob = new(CqlTypeKind.Blob);
    public static readonly CqlType Boolean = new(CqlTypeKind.Boolean);
    public static readonly CqlType Counter = new(CqlTypeKind.Counter);
    public static readonly CqlType Decimal = new(CqlTypeKind.Decimal);
    public static readonly CqlType Double = new(CqlTypeKind.Double);
    public static readonly CqlType Float = new(CqlTypeKind.Float);
    public static readonly CqlType Int = new(CqlTypeKind.Int);
    public static readonly CqlType Timestamp = new(CqlTypeKind.Timestamp);
    public static readonly CqlType Uuid = new(CqlTypeKind.Uuid);
    public static readonly CqlType Varchar = new(CqlTypeKind.Varchar);
    public static readonly CqlType Varint = new(CqlTypeKind.Varint);
    public static readonly CqlType Timeuuid = new(CqlTypeKind.Timeuuid);
    public static readonly CqlType Inet = new(CqlTypeKind.Inet);
    public static readonly CqlType Date = new(CqlTypeKind.Date);
    public static readonly CqlType Time = new(CqlTypeKind.Time);
    public static readonly CqlType Smallint = new(CqlTypeKind.Smallint);
    public static readonly CqlType Tinyint = new(CqlTypeKind.Tinyint);

    /// <summary>text is the protocol's Varchar.</summary>
    public static readonly CqlType Text = Varchar;

    private CqlType(
        CqlTypeKind kind,
        string? customClassName = null,
        CqlType? elementType = null,
        CqlType? valueType = null,
        string? udtKeyspace = null,
        string? udtName = null,
        IReadOnlyList<CqlUdtField>? fields = null,
        IReadOnlyList<CqlType>? tupleTypes = null)
    {
        Kind = kind;
        CustomClassName = customClassName;
        ElementType = elementType;
        ValueType = valueType;
        UdtKeyspace = udtKeyspace;
        UdtName = udtName;
        Fields = fields ?? [];
        TupleTypes = tupleTypes ?? [];
    }

    public CqlTypeKind Kind { get; }

    /// <summary>Java class name of a <see cref="CqlTypeKind.Custom"/> type.</summary>
    public string? CustomClassName { get; }

    /// <summary>Element type of a list or set; key type of a map.</summary>
    public CqlType? ElementType { get; }

    /// <summary>Key type of a map (same as <see cref="ElementType"/>).</summary>
    public CqlType? KeyType => Kind == CqlTypeKind.Map ? ElementType : null;

    /// <summary>Value type of a map.</summary>
    public CqlType? ValueType { get; }

    public string? UdtKeyspace { get; }

    public string? UdtName { get; }

    /// <summary>Fields of a UDT in declaration order (empty for other kinds).</summary>
    public IReadOnlyList<CqlUdtField> Fields { get; }

    /// <summary>Component types of a tuple (empty for other kinds).</summary>
    public IReadOnlyList<CqlType> TupleTypes { get; }

    public static CqlType Custom(string className) => new(CqlTypeKind.Custom, customClassName: className);

    public static CqlType List(CqlType element) => new(CqlTypeKind.List, elementType: element);

    public static CqlType Set(CqlType element) => new(CqlTypeKind.Set, elementType: element);

    public static CqlType Map(CqlType key, CqlType value) => new(CqlTypeKind.Map, elementType: key, valueType: value);

    public static CqlType Udt(string keyspace, string name, IReadOnlyList<CqlUdtField> fields) =>
        new(CqlTypeKind.Udt, udtKeyspace: keyspace, udtName: name, fields: fields);

    public static CqlType Tuple(IReadOnlyList<CqlType> types) => new(CqlTypeKind.Tuple, tupleTypes: types);

    /// <summary>The shared instance of a kind without components.</summary>
    public static CqlType Native(CqlTypeKind kind) => kind switch
    {
        CqlTypeKind.Ascii => Ascii,
        CqlTypeKind.Bigint => Bigint,
        CqlTypeKind.Blob => Blob,
        CqlTypeKind.Boolean => Boolean,
        CqlTypeKind.Counter => Counter,
        CqlTypeKind.Decimal => Decimal,
        CqlTypeKind.Double => Double,
        CqlTypeKind.Float => Float,
        CqlTypeKind.Int => Int,
        CqlTypeKind.Timestamp => Timestamp,
        CqlTypeKind.Uuid => Uuid,
        CqlTypeKind.Varchar => Varchar,
        CqlTypeKind.Varint => Varint,
        CqlTypeKind.Timeuuid => Timeuuid,
        CqlTypeKind.Inet => Inet,
        CqlTypeKind.Date => Date,
        CqlTypeKind.Time => Time,
        CqlTypeKind.Smallint => Smallint,
        CqlTypeKind.Tinyint => Tinyint,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a native CQL type"),
    };

    public bool Equals(CqlType? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null
            && Kind == other.Kind
            && CustomClassName == other.CustomClassName
            && Equals(ElementType, other.ElementType)
            && Equals(ValueType, other.ValueType)
            && UdtKeyspace == other.UdtKeyspace
            && UdtName == other.UdtName
            && Fields.SequenceEqual(other.Fields)
            && TupleTypes.SequenceEqual(other.TupleTypes);
    }

    public override bool Equals(object? obj) => Equals(obj as CqlType);

    public override int GetHashCode() => HashCode.Combine(Kind, CustomClassName, ElementType, ValueType, UdtName, Fields.Count);

    /// <summary>CQL spelling, e.g. <c>list&lt;frozen&lt;ks.keyvalue&gt;&gt;</c>; nested UDTs and tuples are shown frozen.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder, nested: false);
        return builder.ToString();
    }

    private void Append(StringBuilder builder, bool nested)
    {
        switch (Kind)
        {
            case CqlTypeKind.Custom:
                builder.Append('\'').Append(CustomClassName).Append('\'');
                break;
            case CqlTypeKind.List or CqlTypeKind.Set:
                builder.Append(Kind == CqlTypeKind.List ? "list<" : "set<");
                ElementType!.Append(builder, nested: true);
                builder.Append('>');
                break;
            case CqlTypeKind.Map:
                builder.Append("map<");
                ElementType!.Append(builder, nested: true);
                builder.Append(", ");
                ValueType!.Append(builder, nested: true);
                builder.Append('>');
                break;
            case CqlTypeKind.Udt:
                builder.Append(nested ? "frozen<" : string.Empty).Append(UdtKeyspace).Append('.').Append(UdtName);
                builder.Append(nested ? ">" : string.Empty);
                break;
            case CqlTypeKind.Tuple:
                builder.Append(nested ? "frozen<tuple<" : "tuple<");
                for (var i = 0; i < TupleTypes.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    TupleTypes[i].Append(builder, nested: true);
                }

                builder.Append(nested ? ">>" : ">");
                break;
            case CqlTypeKind.Varchar:
                builder.Append("text");
                break;
            default:
                builder.Append(Kind.ToString().ToLowerInvariant());
                break;
        }
    }
}
