using System.Text;

namespace TraceBackend.Cql.Tests.Support;

/// <summary>
/// Builds protocol bytes by hand from the notations of spec §3, independently of the client's writer: each method
/// appends big-endian bytes exactly as the spec describes them.
/// </summary>
internal sealed class SpecWriter
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public SpecWriter Byte(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public SpecWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public SpecWriter Hex(string hex) => Raw(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));

    public SpecWriter Short(int value) => Byte((byte)(value >> 8)).Byte((byte)value);

    public SpecWriter Int(int value) => Byte((byte)(value >> 24)).Byte((byte)(value >> 16)).Byte((byte)(value >> 8)).Byte((byte)value);

    public SpecWriter Long(long value) => Int((int)(value >> 32)).Int((int)value);

    public SpecWriter String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return Short(bytes.Length).Raw(bytes);
    }

    public SpecWriter LongString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return Int(bytes.Length).Raw(bytes);
    }

    /// <summary>[bytes]; null is length -1.</summary>
    public SpecWriter Bytes(byte[]? value) => value is null ? Int(-1) : Int(value.Length).Raw(value);

    public SpecWriter ShortBytes(byte[] value) => Short(value.Length).Raw(value);

    /// <summary>A [uuid] in RFC 4122 byte order: the 32 hex digits of the textual form, in order.</summary>
    public SpecWriter Uuid(Guid value) => Hex(value.ToString("N"));

    public SpecWriter StringList(params string[] values)
    {
        Short(values.Length);
        foreach (var value in values)
        {
            String(value);
        }

        return this;
    }

    public SpecWriter StringMap(params (string Key, string Value)[] entries)
    {
        Short(entries.Length);
        foreach (var (key, value) in entries)
        {
            String(key).String(value);
        }

        return this;
    }

    public SpecWriter StringMultimap(params (string Key, string[] Values)[] entries)
    {
        Short(entries.Length);
        foreach (var (key, values) in entries)
        {
            String(key).StringList(values);
        }

        return this;
    }

    /// <summary>A type [option] (spec §4.2.5.2), components recursively.</summary>
    public SpecWriter Option(CqlType type)
    {
        Short((int)type.Kind);
        switch (type.Kind)
        {
            case CqlTypeKind.Custom:
                String(type.CustomClassName!);
                break;
            case CqlTypeKind.List or CqlTypeKind.Set:
                Option(type.ElementType!);
                break;
            case CqlTypeKind.Map:
                Option(type.KeyType!).Option(type.ValueType!);
                break;
            case CqlTypeKind.Udt:
                String(type.UdtKeyspace!).String(type.UdtName!).Short(type.Fields.Count);
                foreach (var field in type.Fields)
                {
                    String(field.Name).Option(field.Type);
                }

                break;
            case CqlTypeKind.Tuple:
                Short(type.TupleTypes.Count);
                foreach (var component in type.TupleTypes)
                {
                    Option(component);
                }

                break;
        }

        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
