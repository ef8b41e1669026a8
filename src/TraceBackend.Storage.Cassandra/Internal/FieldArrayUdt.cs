namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// A UDT value given as its field names (a shared array per UDT type) and bound values in the same order (one array
/// per value, not modified after construction): the UDTs bound less often than <c>keyvalue</c> (log, span_ref,
/// process, dependency).
/// </summary>
internal sealed class FieldArrayUdt : UdtValue
{
    private readonly string[] _fieldNames;
    private readonly object?[] _values;

    public FieldArrayUdt(string[] fieldNames, object?[] values)
    {
        if (fieldNames.Length != values.Length)
        {
            throw new ArgumentException($"{values.Length} values for {fieldNames.Length} fields", nameof(values));
        }

        _fieldNames = fieldNames;
        _values = values;
    }

    protected override string[] FieldNames => _fieldNames;

    protected override object? ValueAt(int index) => _values[index];
}
