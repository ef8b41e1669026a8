using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>
/// A trace that may match, with <see cref="Bound"/>: the newest start (µs) among its index rows read so far, which is
/// at least the start of its latest matching span (every matching span has a row in the index read, at its start).
/// </summary>
internal readonly record struct Candidate(TraceId TraceId, long Bound);
