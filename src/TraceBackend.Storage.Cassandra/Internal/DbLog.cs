namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>One <c>log</c> UDT value: the time in µs since the epoch and the fields in order.</summary>
internal sealed record DbLog(long Timestamp, IReadOnlyList<DbKeyValue> Fields);
