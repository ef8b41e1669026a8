using System.Security.Cryptography;
using System.Text;
using TraceBackend.Cql;
using TraceBackend.Cql.Tests.Support;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// What a Cassandra node holding schema v004 answers to PREPARE of each statement the store sends: the exact CQL text
/// (written out here, independently of the store's <c>CqlStatements</c>, so a changed text fails PREPARE), the
/// statement id (MD5 of the text, as Cassandra computes it), the bind variables with the names and types Cassandra
/// reports (<c>[limit]</c> for <c>LIMIT ?</c>, <c>in(ts_bucket)</c> for <c>IN ?</c>), the partition key indices and the
/// result columns of SELECTs.
/// </summary>
internal sealed class V004Statements
{
    private readonly Dictionary<string, V004Statement> _byName = new(StringComparer.Ordinal);

    public V004Statements(string keyspace)
    {
        var k = keyspace;
        Types = new V004Types(k);
        var t = Types;
        (string, CqlType) Text(string name) => (name, CqlType.Text);
        (string, CqlType) Big(string name) => (name, CqlType.Bigint);
        (string, CqlType) Blob(string name) => (name, CqlType.Blob);
        (string, CqlType) limit = ("[limit]", CqlType.Int);
        (string, CqlType)[] index = [Blob("trace_id"), Big("start_time")];

        Add("insert_span", $"INSERT INTO {k}.traces(trace_id, span_id, span_hash, parent_id, operation_name, flags, start_time, duration, tags, logs, refs, process) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.. t.TracesColumns], [], 0);
        Add("insert_service_name", $"INSERT INTO {k}.service_names(service_name) VALUES (?)", [Text("service_name")], [], 0);
        Add("insert_operation_name", $"INSERT INTO {k}.operation_names_v2(service_name, span_kind, operation_name) VALUES (?, ?, ?)",
            [Text("service_name"), Text("span_kind"), Text("operation_name")], [], 0);
        Add("insert_service_name_index", $"INSERT INTO {k}.service_name_index(service_name, bucket, start_time, trace_id) VALUES (?, ?, ?, ?)",
            [Text("service_name"), ("bucket", CqlType.Int), Big("start_time"), Blob("trace_id")], [], 0, 1);
        Add("insert_service_operation_index", $"INSERT INTO {k}.service_operation_index(service_name, operation_name, start_time, trace_id) VALUES (?, ?, ?, ?)",
            [Text("service_name"), Text("operation_name"), Big("start_time"), Blob("trace_id")], [], 0, 1);
        Add("insert_tag_index", $"INSERT INTO {k}.tag_index(trace_id, span_id, service_name, start_time, tag_key, tag_value) VALUES (?, ?, ?, ?, ?, ?)",
            [Blob("trace_id"), Big("span_id"), Text("service_name"), Big("start_time"), Text("tag_key"), Text("tag_value")], [], 2, 4, 5);
        Add("insert_duration_index", $"INSERT INTO {k}.duration_index(service_name, operation_name, bucket, duration, start_time, trace_id) VALUES (?, ?, ?, ?, ?, ?)",
            [Text("service_name"), Text("operation_name"), ("bucket", CqlType.Timestamp), Big("duration"), Big("start_time"), Blob("trace_id")], [], 0, 1, 2);
        Add("insert_dependencies", $"INSERT INTO {k}.dependencies_v2(ts, ts_bucket, dependencies) VALUES (?, ?, ?)",
            [("ts", CqlType.Timestamp), ("ts_bucket", CqlType.Timestamp), ("dependencies", CqlType.List(t.Dependency))], [], 1);
        Add("select_trace", $"SELECT trace_id, span_id, span_hash, parent_id, operation_name, flags, start_time, duration, tags, logs, refs, process FROM {k}.traces WHERE trace_id = ?",
            [Blob("trace_id")], t.TracesColumns, 0);
        Add("select_service_names", $"SELECT service_name FROM {k}.service_names", [], [Text("service_name")]);
        Add("select_operation_names", $"SELECT span_kind, operation_name FROM {k}.operation_names_v2 WHERE service_name = ?",
            [Text("service_name")], [Text("span_kind"), Text("operation_name")], 0);
        Add("select_operation_names_by_kind", $"SELECT span_kind, operation_name FROM {k}.operation_names_v2 WHERE service_name = ? AND span_kind = ?",
            [Text("service_name"), Text("span_kind")], [Text("span_kind"), Text("operation_name")], 0);
        Add("select_service_name_index", $"SELECT trace_id, start_time FROM {k}.service_name_index WHERE bucket IN (0,1,2,3,4,5,6,7,8,9) AND service_name = ? AND start_time > ? AND start_time < ? ORDER BY start_time DESC LIMIT ?",
            [Text("service_name"), Big("start_time"), Big("start_time"), limit], index, 0);
        Add("select_service_operation_index", $"SELECT trace_id, start_time FROM {k}.service_operation_index WHERE service_name = ? AND operation_name = ? AND start_time > ? AND start_time < ? ORDER BY start_time DESC LIMIT ?",
            [Text("service_name"), Text("operation_name"), Big("start_time"), Big("start_time"), limit], index, 0, 1);
        Add("select_tag_index", $"SELECT trace_id, start_time FROM {k}.tag_index WHERE service_name = ? AND tag_key = ? AND tag_value = ? AND start_time > ? AND start_time < ? ORDER BY start_time DESC LIMIT ?",
            [Text("service_name"), Text("tag_key"), Text("tag_value"), Big("start_time"), Big("start_time"), limit], index, 0, 1, 2);
        Add("select_duration_index", $"SELECT trace_id, start_time FROM {k}.duration_index WHERE bucket = ? AND service_name = ? AND operation_name = ? AND duration >= ? AND duration <= ? LIMIT ?",
            [("bucket", CqlType.Timestamp), Text("service_name"), Text("operation_name"), Big("duration"), Big("duration"), limit], index, 1, 2, 0);
        Add("scan_duration_index", $"SELECT trace_id, start_time FROM {k}.duration_index WHERE bucket = ? AND service_name = ? AND operation_name = ?",
            [("bucket", CqlType.Timestamp), Text("service_name"), Text("operation_name")], index, 1, 2, 0);
        Add("select_dependencies", $"SELECT ts, dependencies FROM {k}.dependencies_v2 WHERE ts_bucket IN ? AND ts >= ? AND ts <= ?",
            [("in(ts_bucket)", CqlType.List(CqlType.Timestamp)), ("ts", CqlType.Timestamp), ("ts", CqlType.Timestamp)],
            [("ts", CqlType.Timestamp), ("dependencies", CqlType.List(t.Dependency))]);
    }

    public V004Types Types { get; }

    public IReadOnlyCollection<V004Statement> All => _byName.Values;

    public V004Statement this[string name] => _byName[name];

    /// <summary>The statement a request's id names, or null for an id no statement has.</summary>
    public V004Statement? ById(byte[] id) => _byName.Values.FirstOrDefault(s => s.Id.AsSpan().SequenceEqual(id));

    /// <summary>Makes the server answer PREPARE of every statement as a v004 node would.</summary>
    public void DefineOn(FakeCqlServer server)
    {
        foreach (var statement in _byName.Values)
        {
            server.Define(statement.Cql, statement.Id, statement.Variables, statement.Columns, statement.PartitionKey);
        }
    }

    private void Add(string name, string cql, IReadOnlyList<(string, CqlType)> variables, IReadOnlyList<(string, CqlType)> columns, params int[] partitionKey) =>
        _byName.Add(name, new V004Statement(name, cql, MD5.HashData(Encoding.UTF8.GetBytes(cql)), variables, columns, partitionKey));
}
