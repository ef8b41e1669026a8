namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// One index as listed by <see cref="JaegerIndexCatalog"/>: name, creation time (<c>index.creation_date</c>) and
/// its aliases, each with its <c>is_write_index</c> flag (null when the alias does not set it).
/// </summary>
internal sealed record JaegerIndex(string Name, DateTimeOffset CreationTime, IReadOnlyDictionary<string, bool?> Aliases)
{
    public bool HasAlias(string alias) => Aliases.ContainsKey(alias);

    /// <summary>
    /// The index receives the writes sent to <paramref name="writeAlias"/>: it holds the alias and the alias is not
    /// marked <c>is_write_index: false</c>. (A rollover of an alias created with <c>is_write_index: true</c> leaves
    /// the old index in the alias with <c>false</c>; an alias without the flag moves to the new index entirely.)
    /// </summary>
    public bool IsWriteIndexOf(string writeAlias) => Aliases.TryGetValue(writeAlias, out var isWriteIndex) && isWriteIndex != false;
}
