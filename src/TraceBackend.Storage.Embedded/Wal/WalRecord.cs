namespace TraceBackend.Storage.Embedded.Wal;

/// <summary>One intact record read back from the log.</summary>
/// <param name="Index">The record index assigned when it was appended (monotonic, never reused).</param>
/// <param name="Payload">The opaque payload; a fresh array owned by the caller.</param>
public readonly record struct WalRecord(long Index, ReadOnlyMemory<byte> Payload);
