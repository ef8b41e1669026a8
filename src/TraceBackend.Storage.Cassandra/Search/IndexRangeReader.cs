using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>Reads one time-ordered index partition range: (startAfter, startBefore, limit) → entries newest first.</summary>
internal delegate ValueTask<IReadOnlyList<IndexEntry>> IndexRangeReader(long startAfter, long startBefore, int limit, CancellationToken cancellationToken);
