using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>A trace ID read from an index, with the start time (µs) of the span the index row stands for.</summary>
internal readonly record struct IndexEntry(TraceId TraceId, long StartTime);
