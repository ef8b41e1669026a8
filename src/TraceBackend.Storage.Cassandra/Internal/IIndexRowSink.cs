namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>Receives the index rows <see cref="SpanIndexRows.Generate"/> produces for a span.</summary>
internal interface IIndexRowSink
{
    void Add(ServiceNameIndexRow row);

    void Add(ServiceOperationIndexRow row);

    /// <summary>
    /// A <c>tag_index</c> row. The same (key, value) pair may come more than once for one span (a tag repeated across
    /// process, span and logs); the sink keeps one row per pair and span (duplicates would be the same row anyway).
    /// </summary>
    void Add(TagIndexRow row);

    /// <summary>
    /// The <c>tag_index</c> row of pair <paramref name="index"/> of the process tags given to
    /// <see cref="SpanIndexRows.Generate"/> (the same pairs for every span of the process); otherwise as
    /// <see cref="Add(TagIndexRow)"/>.
    /// </summary>
    void AddProcessTag(int index, TagIndexRow row);

    void Add(DurationIndexRow row);
}
