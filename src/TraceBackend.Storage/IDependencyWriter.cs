using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>
/// Stores precomputed dependency links (Jaeger's <c>dependencies_v2</c> table, <c>jaeger-dependencies-*</c> index),
/// for backends whose <see cref="IDependencyReader"/> reads snapshots instead of computing links from spans.
/// </summary>
public interface IDependencyWriter
{
    /// <summary>
    /// Stores the links of one period under <paramref name="timestamp"/> (the period's start). Idempotent: writing
    /// the same timestamp again replaces the snapshot, so a rerun or a second replica computing the same period
    /// never doubles the counts. An empty list is stored too (a period with no calls).
    /// </summary>
    ValueTask WriteDependenciesAsync(DateTimeOffset timestamp, IReadOnlyList<DependencyLink> links, CancellationToken cancellationToken = default);
}
