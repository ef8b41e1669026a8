using System.Runtime.CompilerServices;
using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra.Tests.Support;

/// <summary>
/// <see cref="ITraceTables"/> in memory with Cassandra's semantics for these tables: an INSERT of an existing primary
/// key overwrites (so <c>service_operation_index</c> and <c>service_name_index</c>, keyed on the start time alone,
/// lose rows with equal starts), reads return clustering order (start DESC; duration DESC, start DESC; span_id,
/// span_hash ASC), bounds are exclusive as in the CQL, limits cut after ordering, timestamps keep milliseconds.
/// <see cref="Fault"/> lets a test fail calls; <see cref="Calls"/> counts them per operation. Thread-safe (one lock).
/// </summary>
internal sealed class InMemoryTraceTables : ITraceTables
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TraceId, SortedDictionary<(long SpanId, long Hash), SpanRow>> _traces = [];
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<(string Kind, string Name)>> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, int), SortedDictionary<long, TraceId>> _serviceIndex = [];
    private readonly Dictionary<(string, string), SortedDictionary<long, TraceId>> _operationIndex = [];
    private readonly Dictionary<(string, string, string), SortedSet<(long Start, TraceId TraceId, long SpanId)>> _tagIndex = [];
    private readonly Dictionary<(string, string, DateTimeOffset), SortedSet<(long Duration, long Start, TraceId TraceId)>> _durationIndex = [];
    private readonly Dictionary<DateTimeOffset, SortedDictionary<DateTimeOffset, IReadOnlyList<DependencyLink>>> _dependencies = [];
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);

    private static readonly IComparer<long> s_descending = Comparer<long>.Create(static (a, b) => b.CompareTo(a));

    private static readonly IComparer<(long Start, TraceId TraceId, long SpanId)> s_tagOrder = Comparer<(long Start, TraceId TraceId, long SpanId)>.Create(static (a, b) =>
        a.Start != b.Start ? b.Start.CompareTo(a.Start) : a.TraceId != b.TraceId ? a.TraceId.CompareTo(b.TraceId) : a.SpanId.CompareTo(b.SpanId));

    private static readonly IComparer<(long Duration, long Start, TraceId TraceId)> s_durationOrder = Comparer<(long Duration, long Start, TraceId TraceId)>.Create(static (a, b) =>
        a.Duration != b.Duration ? b.Duration.CompareTo(a.Duration) : a.Start != b.Start ? b.Start.CompareTo(a.Start) : a.TraceId.CompareTo(b.TraceId));

    /// <summary>Called with the operation name before each call; an exception it returns is thrown by the call.</summary>
    public Func<string, Exception?>? Fault { get; set; }

    public int Calls(string operation)
    {
        lock (_lock)
        {
            return _calls.GetValueOrDefault(operation);
        }
    }

    public int TraceRowCount(TraceId traceId)
    {
        lock (_lock)
        {
            return _traces.TryGetValue(traceId, out var rows) ? rows.Count : 0;
        }
    }

    public ValueTask WriteSpansAsync(IReadOnlyList<SpanRow> rows, CancellationToken cancellationToken) => Write(nameof(WriteSpansAsync), () =>
    {
        foreach (var row in rows)
        {
            Partition(_traces, row.TraceId, static () => new SortedDictionary<(long, long), SpanRow>())[(row.SpanId, row.SpanHash)] = row;
        }
    });

    public ValueTask WriteServiceNameAsync(string serviceName, CancellationToken cancellationToken) =>
        Write(nameof(WriteServiceNameAsync), () => _services.Add(serviceName));

    public ValueTask WriteOperationNameAsync(OperationNameRow row, CancellationToken cancellationToken) =>
        Write(nameof(WriteOperationNameAsync), () => Partition(_operations, row.ServiceName, static () => new SortedSet<(string, string)>(Comparer<(string Kind, string Name)>.Create(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Kind, b.Kind);
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        }))).Add((row.SpanKind, row.OperationName)));

    public ValueTask WriteServiceNameIndexAsync(IReadOnlyList<ServiceNameIndexRow> rows, CancellationToken cancellationToken) => Write(nameof(WriteServiceNameIndexAsync), () =>
    {
        foreach (var row in rows)
        {
            Partition(_serviceIndex, (row.ServiceName, row.Bucket), static () => new SortedDictionary<long, TraceId>(s_descending))[row.StartTime] = row.TraceId;
        }
    });

    public ValueTask WriteServiceOperationIndexAsync(IReadOnlyList<ServiceOperationIndexRow> rows, CancellationToken cancellationToken) => Write(nameof(WriteServiceOperationIndexAsync), () =>
    {
        foreach (var row in rows)
        {
            Partition(_operationIndex, (row.ServiceName, row.OperationName), static () => new SortedDictionary<long, TraceId>(s_descending))[row.StartTime] = row.TraceId;
        }
    });

    public ValueTask WriteTagIndexAsync(IReadOnlyList<TagIndexRow> rows, CancellationToken cancellationToken) => Write(nameof(WriteTagIndexAsync), () =>
    {
        foreach (var row in rows)
        {
            Partition(_tagIndex, (row.ServiceName, row.TagKey, row.TagValue), static () => new SortedSet<(long, TraceId, long)>(s_tagOrder)).Add((row.StartTime, row.TraceId, row.SpanId));
        }
    });

    public ValueTask WriteDurationIndexAsync(IReadOnlyList<DurationIndexRow> rows, CancellationToken cancellationToken) => Write(nameof(WriteDurationIndexAsync), () =>
    {
        foreach (var row in rows)
        {
            Partition(_durationIndex, (row.ServiceName, row.OperationName, Millis(row.Bucket)), static () => new SortedSet<(long, long, TraceId)>(s_durationOrder)).Add((row.Duration, row.StartTime, row.TraceId));
        }
    });

    public ValueTask WriteDependenciesAsync(DateTimeOffset timestamp, IReadOnlyList<DependencyLink> links, CancellationToken cancellationToken) => Write(nameof(WriteDependenciesAsync), () =>
        Partition(_dependencies, CqlTraceTables.DayBucket(timestamp), static () => new SortedDictionary<DateTimeOffset, IReadOnlyList<DependencyLink>>())[Millis(timestamp)] = [.. links]);

    public ValueTask<IReadOnlyList<SpanRow>> ReadTraceAsync(TraceId traceId, CancellationToken cancellationToken) => Read<IReadOnlyList<SpanRow>>(nameof(ReadTraceAsync), () =>
        _traces.TryGetValue(traceId, out var rows) ? [.. rows.Values] : []);

    public ValueTask<IReadOnlyList<string>> ReadServiceNamesAsync(CancellationToken cancellationToken) =>
        Read<IReadOnlyList<string>>(nameof(ReadServiceNamesAsync), () => [.. _services]);

    public ValueTask<IReadOnlyList<OperationNameRow>> ReadOperationNamesAsync(string serviceName, string? spanKind, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<OperationNameRow>>(nameof(ReadOperationNamesAsync), () => _operations.TryGetValue(serviceName, out var operations)
            ? [.. operations.Where(o => spanKind is null || o.Kind == spanKind).Select(o => new OperationNameRow(serviceName, o.Kind, o.Name))]
            : []);

    public ValueTask<IReadOnlyList<IndexEntry>> ReadServiceNameIndexAsync(string serviceName, long startAfter, long startBefore, int limit, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<IndexEntry>>(nameof(ReadServiceNameIndexAsync), () =>
        [
            .. Enumerable.Range(0, SpanIndexRows.ServiceBuckets)
                .SelectMany(b => _serviceIndex.TryGetValue((serviceName, b), out var rows) ? rows : [])
                .Where(r => r.Key > startAfter && r.Key < startBefore)
                .OrderByDescending(r => r.Key)
                .Take(limit)
                .Select(r => new IndexEntry(r.Value, r.Key)),
        ]);

    public ValueTask<IReadOnlyList<IndexEntry>> ReadServiceOperationIndexAsync(string serviceName, string operationName, long startAfter, long startBefore, int limit, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<IndexEntry>>(nameof(ReadServiceOperationIndexAsync), () => _operationIndex.TryGetValue((serviceName, operationName), out var rows)
            ? [.. rows.Where(r => r.Key > startAfter && r.Key < startBefore).Take(limit).Select(r => new IndexEntry(r.Value, r.Key))]
            : []);

    public ValueTask<IReadOnlyList<IndexEntry>> ReadTagIndexAsync(string serviceName, string tagKey, string tagValue, long startAfter, long startBefore, int limit, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<IndexEntry>>(nameof(ReadTagIndexAsync), () => _tagIndex.TryGetValue((serviceName, tagKey, tagValue), out var rows)
            ? [.. rows.Where(r => r.Start > startAfter && r.Start < startBefore).Take(limit).Select(r => new IndexEntry(r.TraceId, r.Start))]
            : []);

    public ValueTask<IReadOnlyList<IndexEntry>> ReadDurationIndexAsync(string serviceName, string operationName, DateTimeOffset bucket, long minDuration, long maxDuration, int limit, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<IndexEntry>>(nameof(ReadDurationIndexAsync), () => _durationIndex.TryGetValue((serviceName, operationName, Millis(bucket)), out var rows)
            ? [.. rows.Where(r => r.Duration >= minDuration && r.Duration <= maxDuration).Take(limit).Select(r => new IndexEntry(r.TraceId, r.Start))]
            : []);

    public async IAsyncEnumerable<IndexEntry> ScanDurationIndexAsync(string serviceName, DateTimeOffset bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = await Read<IReadOnlyList<IndexEntry>>(nameof(ScanDurationIndexAsync), () => _durationIndex.TryGetValue((serviceName, "", Millis(bucket)), out var rows)
            ? [.. rows.Select(r => new IndexEntry(r.TraceId, r.Start))]
            : []);
        foreach (var row in rows)
        {
            yield return row;
        }
    }

    public ValueTask<IReadOnlyList<DependencySnapshot>> ReadDependenciesAsync(IReadOnlyList<DateTimeOffset> dayBuckets, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Read<IReadOnlyList<DependencySnapshot>>(nameof(ReadDependenciesAsync), () =>
        [
            .. dayBuckets.Distinct()
                .SelectMany(b => _dependencies.TryGetValue(Millis(b), out var rows) ? rows.Reverse() : [])
                .Where(r => r.Key >= Millis(from) && r.Key <= Millis(to))
                .Select(r => new DependencySnapshot(r.Key, r.Value)),
        ]);

    private static DateTimeOffset Millis(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static TValue Partition<TKey, TValue>(Dictionary<TKey, TValue> table, TKey key, Func<TValue> create)
        where TKey : notnull
    {
        if (!table.TryGetValue(key, out var partition))
        {
            partition = create();
            table.Add(key, partition);
        }

        return partition;
    }

    private ValueTask Write(string operation, Action apply)
    {
        lock (_lock)
        {
            _calls[operation] = _calls.GetValueOrDefault(operation) + 1;
            if (Fault?.Invoke(operation) is { } fault)
            {
                return ValueTask.FromException(fault);
            }

            apply();
            return default;
        }
    }

    private ValueTask<T> Read<T>(string operation, Func<T> read)
    {
        lock (_lock)
        {
            _calls[operation] = _calls.GetValueOrDefault(operation) + 1;
            return Fault?.Invoke(operation) is { } fault ? ValueTask.FromException<T>(fault) : new ValueTask<T>(read());
        }
    }
}
