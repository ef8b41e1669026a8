using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// What the index keeps per row group to choose row groups without reading them: rows, trace-ID range, start and
/// duration ranges, and the services and span names present (bit sets over <see cref="BlockIndex.Services"/> and
/// <see cref="BlockIndex.OperationNames"/>).
/// </summary>
internal sealed record RowGroupSummary(
    long FirstRow,
    int RowCount,
    TraceId MinTraceId,
    TraceId MaxTraceId,
    ulong MinStart,
    ulong MaxStart,
    ulong MinDuration,
    ulong MaxDuration,
    ulong[] ServiceBits,
    ulong[] NameBits)
{
    public bool HasService(int ordinal) => ordinal >= 0 && (ServiceBits[ordinal >> 6] & (1UL << (ordinal & 63))) != 0;

    public bool HasName(int ordinal) => ordinal >= 0 && (NameBits[ordinal >> 6] & (1UL << (ordinal & 63))) != 0;

    public bool MayContain(TraceId id) => id.CompareTo(MinTraceId) >= 0 && id.CompareTo(MaxTraceId) <= 0;
}
