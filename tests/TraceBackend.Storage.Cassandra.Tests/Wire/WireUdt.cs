namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>A UDT value decoded by <see cref="WireValues"/>: the type's name and every field in declaration order.</summary>
internal sealed record WireUdt(string TypeName, IReadOnlyList<(string Name, object? Value)> Fields)
{
    public object? this[string name] => Fields.Single(f => f.Name == name).Value;
}
