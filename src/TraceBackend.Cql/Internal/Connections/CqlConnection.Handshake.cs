using TraceBackend.Cql.Internal.BackendMessages;
using TraceBackend.Cql.Internal.FrontendMessages;

namespace TraceBackend.Cql.Internal.Connections;

/// <summary>Connection setup of <see cref="CqlConnection"/>: OPTIONS, STARTUP, SASL PLAIN authentication, USE.</summary>
internal sealed partial class CqlConnection
{
    /// <summary>PLAIN needs one round; a bound keeps a misbehaving authenticator from looping forever.</summary>
    private const int MaxAuthRounds = 8;

    private async Task HandshakeAsync(CancellationToken ct)
    {
        var options = _settings.Options;
        var supported = Expect<SupportedMessage>(await RequestAsync(OptionsMessage.Instance, ct).ConfigureAwait(false), "OPTIONS");
        var lz4 = options.Compression == CqlCompression.Lz4 && supported.Offers("COMPRESSION", "lz4");
        if (options.Compression == CqlCompression.Lz4 && !lz4)
        {
            Log.Lz4NotOffered(_logger, Host);
        }

        // The STARTUP frame itself is never compressed, but its reply may already be (spec §5).
        _lz4 = lz4;
        var reply = await RequestAsync(new StartupMessage(lz4), ct).ConfigureAwait(false);
        _compressRequests = lz4;
        switch (reply)
        {
            case ReadyMessage:
                break;
            case AuthenticateMessage authenticate:
                await AuthenticateAsync(authenticate.Authenticator, ct).ConfigureAwait(false);
                break;
            default:
                throw Unexpected(reply, "STARTUP");
        }

        if (!string.IsNullOrEmpty(options.Keyspace))
        {
            var use = new QueryMessage("USE " + QuoteIdentifier(options.Keyspace), new QueryParameters(CqlConsistency.One));
            Expect<SetKeyspaceResult>(await RequestAsync(use, ct).ConfigureAwait(false), "USE");
        }
    }

    private async Task AuthenticateAsync(string authenticator, CancellationToken ct)
    {
        var options = _settings.Options;
        if (options.Username is null || options.Password is null)
        {
            throw new CqlAuthenticationException(
                $"the server requires authentication ({authenticator}) but no username and password are configured", Host);
        }

        if (!string.Equals(authenticator, AuthenticateMessage.PasswordAuthenticator, StringComparison.Ordinal))
        {
            Log.NonPasswordAuthenticator(_logger, Host, authenticator);
        }

        var token = AuthResponseMessage.PlainToken(options.Username, options.Password);
        for (var round = 0; round < MaxAuthRounds; round++)
        {
            var reply = await RequestAsync(new AuthResponseMessage(token), ct).ConfigureAwait(false);
            switch (reply)
            {
                case AuthSuccessMessage:
                    return;
                case AuthChallengeMessage:
                    continue;
                default:
                    throw Unexpected(reply, "AUTH_RESPONSE");
            }
        }

        throw new CqlAuthenticationException($"authentication did not finish within {MaxAuthRounds} rounds", Host);
    }

    /// <summary>A double-quoted CQL identifier (case preserved, embedded quotes doubled).</summary>
    internal static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private T Expect<T>(BackendMessage reply, string request)
        where T : BackendMessage =>
        reply as T ?? throw Unexpected(reply, request);

    private CqlProtocolException Unexpected(BackendMessage reply, string request) =>
        new($"unexpected {reply.Name} in reply to {request}", Host);
}
