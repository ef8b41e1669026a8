using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>AUTH_SUCCESS (spec §4.2.8): one [bytes] token (may be null).</summary>
internal sealed class AuthSuccessMessage(byte[]? token) : BackendMessage
{
    public override string Name => "AUTH_SUCCESS";

    public byte[]? Token { get; } = token;

    public static AuthSuccessMessage Read(ref CqlReader reader) => new(reader.ReadBytes());
}
