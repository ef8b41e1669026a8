namespace TraceBackend.Storage.Cassandra.Internal;

/// <summary>
/// The CQL texts of <see cref="CqlTraceTables"/>, qualified with the keyspace (validated to <c>[A-Za-z0-9_]+</c>) so
/// one session can serve several keyspaces (primary and archive). Column lists and predicates are Jaeger's
/// (<c>spanstore/writer.go</c>, <c>reader.go</c>, <c>operation_names.go</c>, <c>dependencystore/storage.go</c>), except
/// that index reads also select <c>start_time</c> (the search orders and pages by it) and the duration and
/// dependency ranges are inclusive (Jaeger: exclusive durations, exclusive end).
/// </summary>
internal sealed class CqlStatements
{
    public CqlStatements(string keyspace)
    {
        Schema.CassandraSchemaOptions.ValidateKeyspace(keyspace);
        var k = keyspace;
        InsertSpan = $"INSERT INTO {k}.traces(trace_id, span_id, span_hash, parent_id, operation_name, flags, start_time, duration, tags, logs, refs, process) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        InsertServiceName = $"INSERT INTO {k}.service_names(service_name) VALUES (?)";
        InsertOperationName = $"INSERT INTO {k}.operation_names_v2(service_name, span_kind, operation_name) VALUES (?, ?, ?)";
        InsertServiceNameIndex = $"INSERT INTO {k}.service_name_index(service_name, bucket, start_time, trace_id) VALUES (?, ?, ?, ?)";
        InsertServiceOperationIndex = $"INSERT INTO {k}.service_operation_index(service_name, operation_name, start_time, trace_id) VALUES (?, ?, ?, ?)";
        InsertTagIndex = $"INSERT INTO {k}.tag_index(trace_id, span_id, service_name, start_time, tag_key, tag_value) VALUES (?, ?, ?, ?, ?, ?)";
        InsertDurationIndex = $"INSERT INTO {k}.duration_index(service_name, operation_name, bucket, duration, start_time, trace_id) VALUES (?, ?, ?, ?, ?, ?)";
        InsertDependencies = $"INSERT INTO {k}.dependencies_v2(ts, ts_bucket, dependencies) VALUES (?, ?, ?)";
        SelectTrace = $"SELECT trace_id, span_id, span_hash, parent_id, operation_name, flags, start_time, duration, tags, logs, refs, process FROM {k}.traces WHERE trace_id = ?";
        SelectServiceNames = $"SELECT service_name FROM {k}.service_names";
        SelectOperationNames = $"SELECT span_kind, operation_name FROM {k}.operation_names_v2 WHERE service_name = ?";
        SelectOperationNamesByKind = $"SELECT span_kind, operation_name FROM {k}.operation_names_v2 WHERE service_name = ? AND span_kind = ?";
        SelectServiceNameIndex = $"SELECT trace_id, start_time FROM {k}.service_name_index WHERE bucket IN (0,1,2,3,4,5,6,7,8,9) AND service_name = ? AND start_time > ? AND start_time < ? ORDER BY start_time DESC LIMIT ?";
        SelectServiceOperationIndex = $"SELECT trace_id, start_time FROM {k}.service_operation_index WHERE service_name = ? AND operation_name = ? AND start_time > ? AND start_time < ? ORDER BY start_time DESC LIMIT ?";
        SelectTagIndex = $"SELECT trace_id, start_time FROM {k}.tag_index WHERE service_name = ? AND tag_key = ? AND tag_value = ? AND start_time > ? AND start_time < ? ORDER BY start_time DESC LIMIT ?";
        SelectDurationIndex = $"SELECT trace_id, start_time FROM {k}.duration_index WHERE bucket = ? AND service_name = ? AND operation_name = ? AND duration >= ? AND duration <= ? LIMIT ?";
        ScanDurationIndex = $"SELECT trace_id, start_time FROM {k}.duration_index WHERE bucket = ? AND service_name = ? AND operation_name = ?";
        SelectDependencies = $"SELECT ts, dependencies FROM {k}.dependencies_v2 WHERE ts_bucket IN ? AND ts >= ? AND ts <= ?";
    }

    public string InsertSpan { get; }

    public string InsertServiceName { get; }

    public string InsertOperationName { get; }

    public string InsertServiceNameIndex { get; }

    public string InsertServiceOperationIndex { get; }

    public string InsertTagIndex { get; }

    public string InsertDurationIndex { get; }

    public string InsertDependencies { get; }

    public string SelectTrace { get; }

    public string SelectServiceNames { get; }

    public string SelectOperationNames { get; }

    public string SelectOperationNamesByKind { get; }

    /// <summary><c>IN</c> on a partition key column with <c>ORDER BY</c>: must run with paging disabled.</summary>
    public string SelectServiceNameIndex { get; }

    public string SelectServiceOperationIndex { get; }

    public string SelectTagIndex { get; }

    public string SelectDurationIndex { get; }

    public string ScanDurationIndex { get; }

    public string SelectDependencies { get; }
}
