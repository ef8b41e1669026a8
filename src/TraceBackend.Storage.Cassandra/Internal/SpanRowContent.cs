using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The columns of a <c>traces</c> row except <c>span_hash</c>, which <see cref="SpanHash"/> computes from them: what
/// a <see cref="SpanRow"/> is built from once its hash is known.
/// </summary>
internal readonly record struct SpanRowContent(
    TraceId TraceId,
    long SpanId,
    long ParentId,
    string OperationName,
    int Flags,
    long StartTime,
    long Duration,
    IReadOnlyList<DbKeyValue> Tags,
    IReadOnlyList<DbLog> Logs,
    IReadOnlyList<DbSpanRef> Refs,
    DbProcess? Process)
{
    public static SpanRowContent Of(SpanRow row) =>
        new(row.TraceId, row.SpanId, row.ParentId, row.OperationName, row.Flags, row.StartTime, row.Duration, row.Tags, row.Logs, row.Refs, row.Process);

    public SpanRow ToRow(long spanHash) => new()
    {
        TraceId = TraceId,
        SpanId = SpanId,
        SpanHash = spanHash,
        ParentId = ParentId,
        OperationName = OperationName,
        Flags = Flags,
        StartTime = StartTime,
        Duration = Duration,
        Tags = Tags,
        Logs = Logs,
        Refs = Refs,
        Process = Process,
    };
}
