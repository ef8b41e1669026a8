namespace TraceBackend.Storage.Conformance;

/// <summary>
/// Behaviour a backend may legitimately lack. Every flag defaults to "run all"; a backend turns one off in its
/// subclass and the affected tests skip, naming the flag. Search without a service name is not listed here:
/// it follows the store's own <see cref="StorageCapabilities.SearchWithoutServiceName"/>.
/// </summary>
public sealed record ConformanceCapabilities
{
    /// <summary>Dependencies are computed from the stored traces at query time (not by an offline job).</summary>
    public bool Dependencies { get; init; } = true;

    /// <summary>All tags of a query must match one span (TraceBackend's stricter semantics), not any spans of the trace.</summary>
    public bool TagsMatchOnSameSpan { get; init; } = true;

    /// <summary>Tag search also looks at event (Jaeger log) attributes.</summary>
    public bool SearchByEventAttributes { get; init; } = true;

    /// <summary>Search results come newest first by latest matching span start.</summary>
    public bool NewestFirstOrder { get; init; } = true;
}
