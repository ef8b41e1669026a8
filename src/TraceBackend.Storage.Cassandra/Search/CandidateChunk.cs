namespace TraceBackend.Storage.Cassandra.Search;

/// <summary>
/// One step of a candidate source: new candidates, newest bound first, and <see cref="Frontier"/>: every trace with a
/// matching span starting after <see cref="Frontier"/> (µs, exclusive) has now been yielded, in this or an earlier
/// chunk. Frontiers never increase; <see cref="Exhausted"/> means no later chunk will come.
/// </summary>
internal sealed record CandidateChunk(IReadOnlyList<Candidate> Candidates, long Frontier, bool Exhausted);
