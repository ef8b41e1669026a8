using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>One <c>dependencies_v2</c> row: the snapshot time and its links.</summary>
internal sealed record DependencySnapshot(DateTimeOffset Timestamp, IReadOnlyList<DependencyLink> Links);
