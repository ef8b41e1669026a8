using System.Text;
using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.FrontendMessages;

/// <summary>AUTH_RESPONSE (spec §4.1.2): one [bytes] SASL token.</summary>
internal sealed class AuthResponseMessage(byte[]? token) : IFrontendMessage
{
    public CqlOpcode Opcode => CqlOpcode.AuthResponse;

    public byte[]? Token { get; } = token;

    /// <summary>SASL PLAIN (RFC 4616) with an empty authorization id: <c>\0user\0password</c> in UTF-8.</summary>
    public static byte[] PlainToken(string username, string password) =>
        Encoding.UTF8.GetBytes("\0" + username + "\0" + password);

    public void WriteBody(CqlWriteBuffer buffer)
    {
        if (Token is null)
        {
            buffer.WriteNullBytes();
        }
        else
        {
            buffer.WriteBytes(Token);
        }
    }
}
