namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The index rows Jaeger's writer adds for one span (schema v004, reference §3.4), all keyed by the process service
/// name: the <c>service_names</c> and <c>operation_names_v2</c> rows; a <c>service_name_index</c> row in bucket
/// <c>span_hash mod 10</c> (hash as unsigned); a <c>service_operation_index</c> row; unless the span has the firehose
/// flag, one <c>tag_index</c> row per tag of <see cref="TagIndexPolicy.IndexedTags"/> and two <c>duration_index</c>
/// rows (operation "" and the span's operation) in the start time's hour bucket.
/// </summary>
internal sealed record SpanIndexRows(
    string ServiceName,
    OperationNameRow Operation,
    ServiceNameIndexRow ServiceNameIndex,
    ServiceOperationIndexRow ServiceOperationIndex,
    IReadOnlyList<TagIndexRow> Tags,
    IReadOnlyList<DurationIndexRow> Durations)
{
    public const int ServiceBuckets = 10;

    public static SpanIndexRows For(SpanRow row, TagIndexPolicy policy)
    {
        var service = row.ServiceName;
        var firehose = (row.Flags & DbValueTypes.FirehoseFlag) != 0;
        var tags = new List<TagIndexRow>();
        var durations = new List<DurationIndexRow>(2);
        if (!firehose)
        {
            foreach (var (key, value) in policy.IndexedTags(row))
            {
                tags.Add(new TagIndexRow(service, key, value, row.StartTime, row.TraceId, row.SpanId));
            }

            var bucket = DurationBuckets.BucketOf(row.StartTime);
            durations.Add(new DurationIndexRow(service, "", bucket, row.Duration, row.StartTime, row.TraceId));
            durations.Add(new DurationIndexRow(service, row.OperationName, bucket, row.Duration, row.StartTime, row.TraceId));
        }

        return new SpanIndexRows(
            service,
            new OperationNameRow(service, SpanKindOf(row), row.OperationName),
            new ServiceNameIndexRow(service, ServiceBucket(row.SpanHash), row.StartTime, row.TraceId),
            new ServiceOperationIndexRow(service, row.OperationName, row.StartTime, row.TraceId),
            tags,
            durations);
    }

    /// <summary>The <c>service_name_index</c> bucket: the hash as unsigned, modulo 10.</summary>
    public static int ServiceBucket(long spanHash) => (int)(unchecked((ulong)spanHash) % ServiceBuckets);

    /// <summary>The string value of the row's first <c>span.kind</c> tag, or "" (Jaeger reads <c>ValueString</c>).</summary>
    public static string SpanKindOf(SpanRow row)
    {
        foreach (var tag in row.Tags)
        {
            if (tag.Key == "span.kind")
            {
                return tag.ValueString;
            }
        }

        return "";
    }
}
