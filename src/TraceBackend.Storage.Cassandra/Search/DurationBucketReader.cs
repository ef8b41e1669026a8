using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>Reads the entries of one <c>duration_index</c> hour bucket: (bucket, limit) → entries longest first.</summary>
internal delegate ValueTask<IReadOnlyList<IndexEntry>> DurationBucketReader(DateTimeOffset bucket, int limit, CancellationToken cancellationToken);
