using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>RESULT kind Set_keyspace (spec §4.2.5.3): the [string] keyspace now in use.</summary>
internal sealed class SetKeyspaceResult(string keyspace) : BackendMessage
{
    public override string Name => "RESULT Set_keyspace";

    public string Keyspace { get; } = keyspace;

    public static SetKeyspaceResult Read(ref CqlReader reader) => new(reader.ReadString());
}
