using System.Runtime.CompilerServices;
using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// <see cref="ITraceTables"/> over an <see cref="ICassandraSession"/> with the statements of <see cref="CqlStatements"/>.
/// A write call of one row is a single INSERT; of several rows (always of one partition, see
/// <see cref="ITraceTables"/>) one UNLOGGED batch: a single-partition batch is applied as one mutation and is exempt
/// from Cassandra's batch size warnings and limits (CASSANDRA-10876), unlike batches across partitions. Every
/// statement is idempotent. The service index query (<c>bucket IN …</c> with <c>ORDER BY</c>) runs with paging
/// disabled, as Cassandra requires. Statements may share bound values (trace ID blobs, boxes of
/// <see cref="BoundValues"/> and <see cref="SpanColumns"/>, UDT values): the session only reads them.
/// </summary>
internal sealed class CqlTraceTables : ITraceTables
{
    private const int ScanPageSize = 5000;

    private readonly ICassandraSession _session;
    private readonly CqlStatements _cql;

    public CqlTraceTables(ICassandraSession session, string keyspace)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _cql = new CqlStatements(keyspace);
    }

    public CqlStatements Statements => _cql;

    /// <summary>
    /// The rows are of one trace, so they share one trace ID blob; consecutive rows with the same
    /// <see cref="DbProcess"/> instance (the spans of one resource, see <see cref="SpanRowEncoder.Encode(Model.Span, DbProcess)"/>)
    /// share one process UDT value.
    /// </summary>
    public ValueTask WriteSpansAsync(IReadOnlyList<SpanRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return default;
        }

        var statements = new CassandraStatement[rows.Count];
        var traceId = rows[0].TraceId;
        var traceIdValue = traceId.ToBytes();
        var process = rows[0].Process;
        var processValue = UdtValues.FromProcess(process);
        for (var i = 0; i < statements.Length; i++)
        {
            var row = rows[i];
            if (row.TraceId != traceId)
            {
                traceId = row.TraceId;
                traceIdValue = traceId.ToBytes();
            }

            if (!ReferenceEquals(row.Process, process))
            {
                process = row.Process;
                processValue = UdtValues.FromProcess(process);
            }

            statements[i] = new CassandraStatement(_cql.InsertSpan, SpanValues(row, traceIdValue, processValue));
        }

        return ExecuteAsync(statements, cancellationToken);
    }

    public ValueTask WriteServiceNameAsync(string serviceName, CancellationToken cancellationToken) =>
        _session.ExecuteAsync(new CassandraStatement(_cql.InsertServiceName, [serviceName]), cancellationToken);

    public ValueTask WriteOperationNameAsync(OperationNameRow row, CancellationToken cancellationToken) =>
        _session.ExecuteAsync(new CassandraStatement(_cql.InsertOperationName, [row.ServiceName, row.SpanKind, row.OperationName]), cancellationToken);

    public ValueTask WriteServiceNameIndexAsync(IReadOnlyList<ServiceNameIndexRow> rows, CancellationToken cancellationToken) =>
        ExecuteAsync(rows, _cql.InsertServiceNameIndex, static r => [r.ServiceName, BoundValues.Int(r.Bucket), r.Span.StartTimeValue, r.Span.TraceIdValue], cancellationToken);

    public ValueTask WriteServiceOperationIndexAsync(IReadOnlyList<ServiceOperationIndexRow> rows, CancellationToken cancellationToken) =>
        ExecuteAsync(rows, _cql.InsertServiceOperationIndex, static r => [r.ServiceName, r.OperationName, r.Span.StartTimeValue, r.Span.TraceIdValue], cancellationToken);

    public ValueTask WriteTagIndexAsync(IReadOnlyList<TagIndexRow> rows, CancellationToken cancellationToken) =>
        ExecuteAsync(rows, _cql.InsertTagIndex, static r => [r.Span.TraceIdValue, r.Span.SpanIdValue, r.ServiceName, r.Span.StartTimeValue, r.TagKey, r.TagValue], cancellationToken);

    public ValueTask WriteDurationIndexAsync(IReadOnlyList<DurationIndexRow> rows, CancellationToken cancellationToken) =>
        ExecuteAsync(rows, _cql.InsertDurationIndex, static r => [r.ServiceName, r.OperationName, r.Bucket, r.Span.DurationValue, r.Span.StartTimeValue, r.Span.TraceIdValue], cancellationToken);

    public ValueTask WriteDependenciesAsync(DateTimeOffset timestamp, IReadOnlyList<DependencyLink> links, CancellationToken cancellationToken) =>
        _session.ExecuteAsync(
            new CassandraStatement(_cql.InsertDependencies, [timestamp, DayBucket(timestamp), UdtValues.FromDependencies(links)]),
            cancellationToken);

    public async ValueTask<IReadOnlyList<SpanRow>> ReadTraceAsync(TraceId traceId, CancellationToken cancellationToken)
    {
        var rows = new List<SpanRow>();
        await foreach (var values in _session.QueryAsync(new CassandraStatement(_cql.SelectTrace, [traceId.ToBytes()]), cancellationToken).ConfigureAwait(false))
        {
            if (ToSpanRow(values) is { } row)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    public async ValueTask<IReadOnlyList<string>> ReadServiceNamesAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var values in _session.QueryAsync(new CassandraStatement(_cql.SelectServiceNames, []), cancellationToken).ConfigureAwait(false))
        {
            if (UdtValues.Column<string>(values, 0) is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    public async ValueTask<IReadOnlyList<OperationNameRow>> ReadOperationNamesAsync(string serviceName, string? spanKind, CancellationToken cancellationToken)
    {
        var statement = spanKind is null
            ? new CassandraStatement(_cql.SelectOperationNames, [serviceName])
            : new CassandraStatement(_cql.SelectOperationNamesByKind, [serviceName, spanKind]);
        var operations = new List<OperationNameRow>();
        await foreach (var values in _session.QueryAsync(statement, cancellationToken).ConfigureAwait(false))
        {
            operations.Add(new OperationNameRow(serviceName, UdtValues.Column<string>(values, 0) ?? "", UdtValues.Column<string>(values, 1) ?? ""));
        }

        return operations;
    }

    public ValueTask<IReadOnlyList<IndexEntry>> ReadServiceNameIndexAsync(string serviceName, long startAfter, long startBefore, int limit, CancellationToken cancellationToken) =>
        ReadIndexAsync(new CassandraStatement(_cql.SelectServiceNameIndex, [serviceName, startAfter, startBefore, limit]) { PageSize = 0 }, cancellationToken);

    public ValueTask<IReadOnlyList<IndexEntry>> ReadServiceOperationIndexAsync(string serviceName, string operationName, long startAfter, long startBefore, int limit, CancellationToken cancellationToken) =>
        ReadIndexAsync(new CassandraStatement(_cql.SelectServiceOperationIndex, [serviceName, operationName, startAfter, startBefore, limit]), cancellationToken);

    public ValueTask<IReadOnlyList<IndexEntry>> ReadTagIndexAsync(string serviceName, string tagKey, string tagValue, long startAfter, long startBefore, int limit, CancellationToken cancellationToken) =>
        ReadIndexAsync(new CassandraStatement(_cql.SelectTagIndex, [serviceName, tagKey, tagValue, startAfter, startBefore, limit]), cancellationToken);

    public ValueTask<IReadOnlyList<IndexEntry>> ReadDurationIndexAsync(string serviceName, string operationName, DateTimeOffset bucket, long minDuration, long maxDuration, int limit, CancellationToken cancellationToken) =>
        ReadIndexAsync(new CassandraStatement(_cql.SelectDurationIndex, [bucket, serviceName, operationName, minDuration, maxDuration, limit]), cancellationToken);

    public async IAsyncEnumerable<IndexEntry> ScanDurationIndexAsync(string serviceName, DateTimeOffset bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var statement = new CassandraStatement(_cql.ScanDurationIndex, [bucket, serviceName, ""]) { PageSize = ScanPageSize };
        await foreach (var values in _session.QueryAsync(statement, cancellationToken).ConfigureAwait(false))
        {
            if (ToIndexEntry(values) is { } entry)
            {
                yield return entry;
            }
        }
    }

    public async ValueTask<IReadOnlyList<DependencySnapshot>> ReadDependenciesAsync(IReadOnlyList<DateTimeOffset> dayBuckets, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var snapshots = new List<DependencySnapshot>();
        var statement = new CassandraStatement(_cql.SelectDependencies, [dayBuckets, from, to]);
        await foreach (var values in _session.QueryAsync(statement, cancellationToken).ConfigureAwait(false))
        {
            if (values[0] is DateTimeOffset ts)
            {
                snapshots.Add(new DependencySnapshot(ts, UdtValues.ToDependencies(values[1])));
            }
        }

        return snapshots;
    }

    /// <summary><c>ts_bucket</c> of a dependency snapshot: its time truncated to the UTC day.</summary>
    public static DateTimeOffset DayBucket(DateTimeOffset timestamp)
    {
        var utc = timestamp.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The bound values of a <c>traces</c> INSERT, in <see cref="CqlStatements.InsertSpan"/> order.</summary>
    public static object?[] SpanValues(SpanRow row) => SpanValues(row, row.TraceId.ToBytes(), UdtValues.FromProcess(row.Process));

    /// <summary>As <see cref="SpanValues(SpanRow)"/> with the trace ID blob and process value already bound.</summary>
    private static object?[] SpanValues(SpanRow row, byte[] traceIdValue, object? processValue) =>
    [
        traceIdValue,
        BoundValues.Long(row.SpanId),
        BoundValues.Long(row.SpanHash),
        BoundValues.Long(row.ParentId),
        row.OperationName,
        BoundValues.Int(row.Flags),
        BoundValues.Long(row.StartTime),
        BoundValues.Long(row.Duration),
        UdtValues.FromKeyValues(row.Tags),
        UdtValues.FromLogs(row.Logs),
        UdtValues.FromRefs(row.Refs),
        processValue,
    ];

    /// <summary>A row of <see cref="CqlStatements.SelectTrace"/>; null when the trace ID blob is malformed.</summary>
    public static SpanRow? ToSpanRow(IReadOnlyList<object?> values)
    {
        if (values[0] is not byte[] traceIdBytes || !TraceId.TryFromBytes(traceIdBytes, out var traceId))
        {
            return null;
        }

        return new SpanRow
        {
            TraceId = traceId,
            SpanId = UdtValues.Column<long?>(values, 1) ?? 0,
            SpanHash = UdtValues.Column<long?>(values, 2) ?? 0,
            ParentId = UdtValues.Column<long?>(values, 3) ?? 0,
            OperationName = UdtValues.Column<string>(values, 4) ?? "",
            Flags = UdtValues.Column<int?>(values, 5) ?? 0,
            StartTime = UdtValues.Column<long?>(values, 6) ?? 0,
            Duration = UdtValues.Column<long?>(values, 7) ?? 0,
            Tags = UdtValues.ToKeyValues(values[8]),
            Logs = UdtValues.ToLogs(values[9]),
            Refs = UdtValues.ToRefs(values[10]),
            Process = UdtValues.ToProcess(values[11]),
        };
    }

    /// <summary>One statement per row: a single INSERT for one row, else one batch (the rows are of one partition).</summary>
    private ValueTask ExecuteAsync<T>(IReadOnlyList<T> rows, string cql, Func<T, object?[]> values, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return default;
        }

        var statements = new CassandraStatement[rows.Count];
        for (var i = 0; i < statements.Length; i++)
        {
            statements[i] = new CassandraStatement(cql, values(rows[i]));
        }

        return ExecuteAsync(statements, cancellationToken);
    }

    private ValueTask ExecuteAsync(CassandraStatement[] statements, CancellationToken cancellationToken) => statements.Length == 1
        ? _session.ExecuteAsync(statements[0], cancellationToken)
        : _session.ExecuteBatchAsync(statements, cancellationToken);

    private async ValueTask<IReadOnlyList<IndexEntry>> ReadIndexAsync(CassandraStatement statement, CancellationToken cancellationToken)
    {
        var entries = new List<IndexEntry>();
        await foreach (var values in _session.QueryAsync(statement, cancellationToken).ConfigureAwait(false))
        {
            if (ToIndexEntry(values) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static IndexEntry? ToIndexEntry(IReadOnlyList<object?> values) =>
        values[0] is byte[] bytes && TraceId.TryFromBytes(bytes, out var traceId)
            ? new IndexEntry(traceId, UdtValues.Column<long?>(values, 1) ?? 0)
            : null;
}
