namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>The result of <c>POST &lt;write alias&gt;/_rollover</c> for one index family.</summary>
/// <param name="WriteAlias">The alias rolled over.</param>
/// <param name="OldIndex">Index the alias wrote to before (<c>old_index</c>).</param>
/// <param name="NewIndex">Index created, or that would have been created when no condition was met (<c>new_index</c>).</param>
/// <param name="RolledOver">A condition was met and <paramref name="NewIndex"/> now receives the writes (<c>rolled_over</c>).</param>
/// <param name="AddedReadAliases">Read aliases added to the write indices that lacked them.</param>
public sealed record RolloverOutcome(string WriteAlias, string OldIndex, string NewIndex, bool RolledOver, IReadOnlyList<AliasChange> AddedReadAliases);
