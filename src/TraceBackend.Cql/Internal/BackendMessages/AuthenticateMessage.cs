using TraceBackend.Cql.Internal.Buffers;

namespace TraceBackend.Cql.Internal.BackendMessages;

/// <summary>AUTHENTICATE (spec §4.2.3): the [string] class name of the server's IAuthenticator.</summary>
internal sealed class AuthenticateMessage(string authenticator) : BackendMessage
{
    public const string PasswordAuthenticator = "org.apache.cassandra.auth.PasswordAuthenticator";

    public override string Name => "AUTHENTICATE";

    public string Authenticator { get; } = authenticator;

    public static AuthenticateMessage Read(ref CqlReader reader) => new(reader.ReadString());
}
