using System.Runtime.InteropServices;
using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The rows of one write grouped by partition, as the store sends them: for each span added (in order), its
/// <c>traces</c> row and the rows of <see cref="SpanIndexRows.Generate"/> are appended to their partition's list (so a
/// partition's rows keep the order the spans were added), and its service and operation are collected once. Spans of
/// one <see cref="Resource"/> instance share one <see cref="DbProcess"/>, its indexable tag pairs and those pairs'
/// <c>tag_index</c> partitions, all resolved on the first such span. A tag pair a span yields twice lands in the same
/// partition, whose last row is then the span's own: only the first is kept. Built once per write and then only read.
/// </summary>
internal sealed class WritePlan : IIndexRowSink
{
    private readonly TagIndexPolicy _policy;
    private readonly Dictionary<Resource, ProcessEntry> _processes = new(ReferenceEqualityComparer.Instance);

    /// <summary>The process of the span whose index rows are being added.</summary>
    private ProcessEntry? _current;

    private WritePlan(TagIndexPolicy policy) => _policy = policy;

    /// <summary>Rows per trace.</summary>
    public Dictionary<TraceId, List<SpanRow>> Traces { get; } = [];

    public HashSet<string> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>Distinct (service, span kind, operation) of the spans.</summary>
    public HashSet<(string ServiceName, string SpanKind, string OperationName)> Operations { get; } = [];

    public Dictionary<(string, int), List<ServiceNameIndexRow>> ServiceNameIndex { get; } = [];

    public Dictionary<(string, string), List<ServiceOperationIndexRow>> ServiceOperationIndex { get; } = [];

    public Dictionary<(string, string, string), List<TagIndexRow>> TagIndex { get; } = [];

    public Dictionary<(string, string, DateTimeOffset), List<DurationIndexRow>> DurationIndex { get; } = [];

    /// <summary>The plan of writing <paramref name="spans"/> with <paramref name="policy"/>'s tag index rows.</summary>
    public static WritePlan Of(IReadOnlyList<Span> spans, TagIndexPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(policy);
        var plan = new WritePlan(policy);
        plan.Add(spans);
        return plan;
    }

    private void Add(IReadOnlyList<Span> spans)
    {
        var entries = new ProcessEntry[spans.Count];
        var processes = new DbProcess[spans.Count];
        for (var i = 0; i < spans.Count; i++)
        {
            entries[i] = ProcessOf(spans[i].Resource);
            entries[i].SpanCount++;
            processes[i] = entries[i].Process;
        }

        foreach (var entry in _processes.Values)
        {
            // Each of the process's spans adds at most one row to each of its tag partitions.
            foreach (var partition in entry.TagPartitions)
            {
                partition.Capacity += entry.SpanCount;
            }
        }

        var rows = new SpanRow[spans.Count];
        SpanRowEncoder.Encode(spans, processes, rows);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            Group(Traces, row.TraceId).Add(row);
            Operations.Add((row.ServiceName, SpanIndexRows.SpanKindOf(row), row.OperationName));
            _current = entries[i];
            SpanIndexRows.Generate(row, _current.IndexedTags, _policy, this);
        }

        _current = null;
    }

    void IIndexRowSink.Add(ServiceNameIndexRow row) => Group(ServiceNameIndex, (row.ServiceName, row.Bucket)).Add(row);

    void IIndexRowSink.Add(ServiceOperationIndexRow row) => Group(ServiceOperationIndex, (row.ServiceName, row.OperationName)).Add(row);

    void IIndexRowSink.AddProcessTag(int index, TagIndexRow row) => AddOnce(_current!.TagPartitions[index], row);

    void IIndexRowSink.Add(TagIndexRow row) => AddOnce(Group(TagIndex, (row.ServiceName, row.TagKey, row.TagValue)), row);

    void IIndexRowSink.Add(DurationIndexRow row) => Group(DurationIndex, (row.ServiceName, row.OperationName, row.Bucket)).Add(row);

    /// <summary>Adds the row unless the partition's last row is of the same span (the span's pair again).</summary>
    private static void AddOnce(List<TagIndexRow> partition, TagIndexRow row)
    {
        if (partition.Count == 0 || !ReferenceEquals(partition[^1].Span, row.Span))
        {
            partition.Add(row);
        }
    }

    private static List<TRow> Group<TKey, TRow>(Dictionary<TKey, List<TRow>> groups, TKey key)
        where TKey : notnull
    {
        ref var rows = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, key, out _);
        return rows ??= [];
    }

    private ProcessEntry ProcessOf(Resource resource)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_processes, resource, out _);
        if (entry is null)
        {
            var process = SpanRowEncoder.EncodeProcess(resource);
            var tags = _policy.ProcessTags(process);
            var partitions = new List<TagIndexRow>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                partitions[i] = Group(TagIndex, (process.ServiceName, tags[i].Key, tags[i].Value));
            }

            entry = new ProcessEntry(process, tags, partitions);
            Services.Add(process.ServiceName);
        }

        return entry;
    }

    /// <summary>
    /// A resource's process, its indexable tag pairs and, index for index, their <c>tag_index</c> partitions (shared
    /// with any other process that has the same service and pair); the number of spans of the resource.
    /// </summary>
    private sealed class ProcessEntry(DbProcess process, (string Key, string Value)[] indexedTags, List<TagIndexRow>[] tagPartitions)
    {
        public DbProcess Process { get; } = process;

        public (string Key, string Value)[] IndexedTags { get; } = indexedTags;

        public List<TagIndexRow>[] TagPartitions { get; } = tagPartitions;

        public int SpanCount { get; set; }
    }
}
