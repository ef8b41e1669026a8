namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The <c>keyvalue</c> UDT value of a <see cref="DbKeyValue"/>: a view over the (immutable) tag, so binding a tag costs
/// one small object instead of a dictionary. Every field is present, as Jaeger's writer fills them: key, value_type,
/// value_string, value_bool, value_long, value_double, value_binary (null when the tag has no bytes). Zero numbers and
/// booleans come from <see cref="BoundValues"/>; another number is boxed when the field is read.
/// </summary>
internal sealed class KeyValueUdt(DbKeyValue keyValue) : UdtValue
{
    private static readonly string[] s_fields = ["key", "value_type", "value_string", "value_bool", "value_long", "value_double", "value_binary"];

    protected override string[] FieldNames => s_fields;

    protected override object? ValueAt(int index) => index switch
    {
        0 => keyValue.Key,
        1 => keyValue.ValueType,
        2 => keyValue.ValueString,
        3 => BoundValues.Bool(keyValue.ValueBool),
        4 => BoundValues.Long(keyValue.ValueLong),
        5 => BoundValues.Double(keyValue.ValueDouble),
        6 => keyValue.ValueBinary,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}
