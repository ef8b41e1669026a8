using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>Service dependency links.</summary>
public interface IDependencyReader
{
    /// <summary>
    /// Links between services for traces with spans starting in [<paramref name="endTime"/> −
    /// <paramref name="lookback"/>, <paramref name="endTime"/>]: for every span whose parent span is present in the
    /// same trace, one call from the parent's service to the span's service (same-service pairs included),
    /// summed per (parent, child). Order not significant; empty list when none.
    /// </summary>
    ValueTask<IReadOnlyList<DependencyLink>> GetDependenciesAsync(DateTimeOffset endTime, TimeSpan lookback, CancellationToken cancellationToken = default);
}
