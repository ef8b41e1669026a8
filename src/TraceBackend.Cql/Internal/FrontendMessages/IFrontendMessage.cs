using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>A request message (spec §4.1): its opcode and the body it writes after the frame header.</summary>
internal interface IFrontendMessage
{
    CqlOpcode Opcode { get; }

    void WriteBody(CqlWriteBuffer buffer);
}
