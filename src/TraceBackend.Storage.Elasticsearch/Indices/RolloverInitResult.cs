namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>What <c>es-rollover init</c> did.</summary>
/// <param name="Templates">Template names installed (PUT, replacing existing ones).</param>
/// <param name="CreatedIndices">Initial indices created; an index that already existed or a family whose write alias already existed is not listed.</param>
/// <param name="AddedAliases">Aliases added (only missing ones).</param>
public sealed record RolloverInitResult(IReadOnlyList<string> Templates, IReadOnlyList<string> CreatedIndices, IReadOnlyList<AliasChange> AddedAliases);
