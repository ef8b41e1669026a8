using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// One row of the <c>traces</c> table (schema v004), column for column. Times are µs since the epoch; IDs are the
/// bits of the span IDs as signed 64-bit values; <see cref="TraceId"/> is stored as the 16-byte blob high ‖ low.
/// Lists are never null (Cassandra returns an empty list as null; the reader maps it to empty).
/// </summary>
internal sealed record SpanRow
{
    public required TraceId TraceId { get; init; }

    public required long SpanId { get; init; }

    /// <summary>Clustering column: distinguishes rows of spans sharing a span ID (see <see cref="SpanHash"/>).</summary>
    public required long SpanHash { get; init; }

    /// <summary>Parent span ID, 0 for none (Jaeger v1 writers leave it 0 and keep the parent in <see cref="Refs"/> only).</summary>
    public long ParentId { get; init; }

    public string OperationName { get; init; } = "";

    public int Flags { get; init; }

    public long StartTime { get; init; }

    public long Duration { get; init; }

    public IReadOnlyList<DbKeyValue> Tags { get; init; } = [];

    public IReadOnlyList<DbLog> Logs { get; init; } = [];

    public IReadOnlyList<DbSpanRef> Refs { get; init; } = [];

    /// <summary>Null when the row has no process (only possible in rows not written by Jaeger or this store).</summary>
    public DbProcess? Process { get; init; }

    public string ServiceName => Process?.ServiceName ?? "";
}
