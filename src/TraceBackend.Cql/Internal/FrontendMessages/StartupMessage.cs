using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>STARTUP (spec §4.1.1): a [string map] with CQL_VERSION and optionally COMPRESSION. Never compressed.</summary>
internal sealed class StartupMessage(bool lz4) : IFrontendMessage
{
    public const string CqlVersion = "3.0.0";

    public CqlOpcode Opcode => CqlOpcode.Startup;

    public bool Lz4 { get; } = lz4;

    public void WriteBody(CqlWriteBuffer buffer)
    {
        List<KeyValuePair<string, string>> options = [new("CQL_VERSION", CqlVersion)];
        if (Lz4)
        {
            options.Add(new("COMPRESSION", "lz4"));
        }

        buffer.WriteStringMap(options);
    }
}
