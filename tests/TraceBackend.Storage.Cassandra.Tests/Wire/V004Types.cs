using TraceBackend.Cql;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// The user-defined types of schema v004 (schema/cassandra/v004.cql.tmpl) as a server describes them in prepared and
/// rows metadata: keyspace, name and fields in declaration order (frozen is not part of the protocol's type option).
/// </summary>
internal sealed class V004Types(string keyspace)
{
    public CqlType KeyValue { get; } = CqlType.Udt(keyspace, "keyvalue",
    [
        new("key", CqlType.Text),
        new("value_type", CqlType.Text),
        new("value_string", CqlType.Text),
        new("value_bool", CqlType.Boolean),
        new("value_long", CqlType.Bigint),
        new("value_double", CqlType.Double),
        new("value_binary", CqlType.Blob),
    ]);

    public CqlType Log => CqlType.Udt(keyspace, "log", [new("ts", CqlType.Bigint), new("fields", KeyValues)]);

    public CqlType SpanRef { get; } = CqlType.Udt(keyspace, "span_ref",
    [
        new("ref_type", CqlType.Text),
        new("trace_id", CqlType.Blob),
        new("span_id", CqlType.Bigint),
    ]);

    public CqlType Process => CqlType.Udt(keyspace, "process", [new("service_name", CqlType.Text), new("tags", KeyValues)]);

    public CqlType Dependency { get; } = CqlType.Udt(keyspace, "dependency",
    [
        new("parent", CqlType.Text),
        new("child", CqlType.Text),
        new("call_count", CqlType.Bigint),
        new("source", CqlType.Text),
    ]);

    /// <summary><c>list&lt;frozen&lt;keyvalue&gt;&gt;</c> (<c>traces.tags</c>, <c>log.fields</c>, <c>process.tags</c>).</summary>
    public CqlType KeyValues => CqlType.List(KeyValue);

    /// <summary>The twelve columns of <c>traces</c> in table (and INSERT / SELECT) order.</summary>
    public IReadOnlyList<(string Name, CqlType Type)> TracesColumns =>
    [
        ("trace_id", CqlType.Blob),
        ("span_id", CqlType.Bigint),
        ("span_hash", CqlType.Bigint),
        ("parent_id", CqlType.Bigint),
        ("operation_name", CqlType.Text),
        ("flags", CqlType.Int),
        ("start_time", CqlType.Bigint),
        ("duration", CqlType.Bigint),
        ("tags", KeyValues),
        ("logs", CqlType.List(Log)),
        ("refs", CqlType.List(SpanRef)),
        ("process", Process),
    ];
}
