using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>QUERY (spec §4.1.4): &lt;query&gt; [long string] then &lt;query_parameters&gt;.</summary>
internal sealed class QueryMessage(string cql, QueryParameters parameters) : IFrontendMessage
{
    public CqlOpcode Opcode => CqlOpcode.Query;

    public string Cql { get; } = cql;

    public QueryParameters Parameters { get; } = parameters;

    public void WriteBody(CqlWriteBuffer buffer)
    {
        buffer.WriteLongString(Cql);
        Parameters.Write(buffer);
    }
}
