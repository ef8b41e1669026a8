using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>
/// RESULT kind Schema_change (spec §4.2.5.5, body as the SCHEMA_CHANGE event of §4.2.6):
/// &lt;change_type&gt;&lt;target&gt;&lt;options&gt;, where options depend on the target.
/// </summary>
internal sealed class SchemaChangeResult(CqlSchemaChange change) : BackendMessage
{
    public override string Name => "RESULT Schema_change";

    public CqlSchemaChange Change { get; } = change;

    public static SchemaChangeResult Read(ref CqlReader reader)
    {
        var changeType = reader.ReadString();
        var target = reader.ReadString();
        var keyspace = reader.ReadString();
        switch (target)
        {
            case "KEYSPACE":
                return new(new CqlSchemaChange(changeType, target, keyspace, null, []));
            case "FUNCTION" or "AGGREGATE":
                var name = reader.ReadString();
                return new(new CqlSchemaChange(changeType, target, keyspace, name, reader.ReadStringList()));
            default:
                return new(new CqlSchemaChange(changeType, target, keyspace, reader.ReadString(), []));
        }
    }
}
