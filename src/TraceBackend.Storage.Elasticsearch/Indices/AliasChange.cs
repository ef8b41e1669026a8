namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>An alias added to or removed from an index (one <c>POST _aliases</c> action).</summary>
public sealed record AliasChange(string Alias, string Index, bool IsWriteIndex = false)
{
    public override string ToString() => IsWriteIndex ? $"{Alias} -> {Index} (write index)" : $"{Alias} -> {Index}";
}
