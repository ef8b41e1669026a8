using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>EXECUTE (spec §4.1.6): &lt;id&gt; [short bytes] then &lt;query_parameters&gt;.</summary>
internal sealed class ExecuteMessage(byte[] id, QueryParameters parameters) : IFrontendMessage
{
    public CqlOpcode Opcode => CqlOpcode.Execute;

    public byte[] Id { get; } = id;

    public QueryParameters Parameters { get; } = parameters;

    public void WriteBody(CqlWriteBuffer buffer)
    {
        buffer.WriteShortBytes(Id);
        Parameters.Write(buffer);
    }
}
