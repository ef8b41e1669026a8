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
        var collector = new Collector();
        Generate(row, policy.ProcessTags(row.Process), policy, collector);
        return new SpanIndexRows(
            row.ServiceName,
            new OperationNameRow(row.ServiceName, SpanKindOf(row), row.OperationName),
            collector.ServiceNameIndex!,
            collector.ServiceOperationIndex!,
            collector.Tags,
            collector.Durations);
    }

    /// <summary>
    /// Hands the span's rows of the four index tables to <paramref name="sink"/>, all sharing one
    /// <see cref="SpanColumns"/>: the <c>service_name_index</c> and <c>service_operation_index</c> rows, then unless
    /// the span is firehose its <c>tag_index</c> rows (<paramref name="processTags"/>, which must be
    /// <see cref="TagIndexPolicy.ProcessTags"/> of the row's process, then span tags and log fields, each as the
    /// policy allows; a pair may come more than once) and its two <c>duration_index</c> rows.
    /// </summary>
    public static void Generate(SpanRow row, (string Key, string Value)[] processTags, TagIndexPolicy policy, IIndexRowSink sink)
    {
        var service = row.ServiceName;
        var span = new SpanColumns(row.TraceId, row.SpanId, row.StartTime, row.Duration);
        sink.Add(new ServiceNameIndexRow(service, ServiceBucket(row.SpanHash), span));
        sink.Add(new ServiceOperationIndexRow(service, row.OperationName, span));
        if ((row.Flags & DbValueTypes.FirehoseFlag) != 0)
        {
            return;
        }

        for (var i = 0; i < processTags.Length; i++)
        {
            sink.AddProcessTag(i, new TagIndexRow(service, processTags[i].Key, processTags[i].Value, span));
        }

        if (policy.IndexTags)
        {
            AddTags(row.Tags, service, span, policy, sink);
        }

        if (policy.IndexLogs)
        {
            for (var i = 0; i < row.Logs.Count; i++)
            {
                AddTags(row.Logs[i].Fields, service, span, policy, sink);
            }
        }

        var bucket = DurationBuckets.BucketOf(row.StartTime);
        sink.Add(new DurationIndexRow(service, "", bucket, span));
        sink.Add(new DurationIndexRow(service, row.OperationName, bucket, span));
    }

    /// <summary>The <c>service_name_index</c> bucket: the hash as unsigned, modulo 10.</summary>
    public static int ServiceBucket(long spanHash) => (int)(unchecked((ulong)spanHash) % ServiceBuckets);

    /// <summary>The string value of the row's first <c>span.kind</c> tag, or "" (Jaeger reads <c>ValueString</c>).</summary>
    public static string SpanKindOf(SpanRow row)
    {
        for (var i = 0; i < row.Tags.Count; i++)
        {
            var tag = row.Tags[i];
            if (tag.Key == "span.kind")
            {
                return tag.ValueString;
            }
        }

        return "";
    }

    private static void AddTags(IReadOnlyList<DbKeyValue> tags, string service, SpanColumns span, TagIndexPolicy policy, IIndexRowSink sink)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (policy.TryGetIndexValue(tag, out var value))
            {
                sink.Add(new TagIndexRow(service, tag.Key, value, span));
            }
        }
    }

    /// <summary>Collects one span's rows, one tag row per (key, value) pair.</summary>
    private sealed class Collector : IIndexRowSink
    {
        private readonly HashSet<(string, string)> _pairs = [];

        public ServiceNameIndexRow? ServiceNameIndex { get; private set; }

        public ServiceOperationIndexRow? ServiceOperationIndex { get; private set; }

        public List<TagIndexRow> Tags { get; } = [];

        public List<DurationIndexRow> Durations { get; } = new(2);

        public void Add(ServiceNameIndexRow row) => ServiceNameIndex = row;

        public void Add(ServiceOperationIndexRow row) => ServiceOperationIndex = row;

        public void Add(TagIndexRow row)
        {
            if (_pairs.Add((row.TagKey, row.TagValue)))
            {
                Tags.Add(row);
            }
        }

        public void AddProcessTag(int index, TagIndexRow row) => Add(row);

        public void Add(DurationIndexRow row) => Durations.Add(row);
    }
}
