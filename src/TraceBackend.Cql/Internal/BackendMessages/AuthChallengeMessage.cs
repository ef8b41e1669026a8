using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>AUTH_CHALLENGE (spec §4.2.7): one [bytes] token (may be null).</summary>
internal sealed class AuthChallengeMessage(byte[]? token) : BackendMessage
{
    public override string Name => "AUTH_CHALLENGE";

    public byte[]? Token { get; } = token;

    public static AuthChallengeMessage Read(ref CqlReader reader) => new(reader.ReadBytes());
}
