using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>PREPARE (spec §4.1.5): the query as a [long string].</summary>
internal sealed class PrepareMessage(string cql) : IFrontendMessage
{
    public CqlOpcode Opcode => CqlOpcode.Prepare;

    public string Cql { get; } = cql;

    public void WriteBody(CqlWriteBuffer buffer) => buffer.WriteLongString(Cql);
}
