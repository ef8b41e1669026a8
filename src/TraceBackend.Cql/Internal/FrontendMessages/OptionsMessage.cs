using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>OPTIONS (spec §4.1.3): empty body; answered by SUPPORTED.</summary>
internal sealed class OptionsMessage : IFrontendMessage
{
    public static readonly OptionsMessage Instance = new();

    private OptionsMessage()
    {
    }

    public CqlOpcode Opcode => CqlOpcode.Options;

    public void WriteBody(CqlWriteBuffer buffer)
    {
    }
}
