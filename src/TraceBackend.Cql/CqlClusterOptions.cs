using Microsoft.Extensions.Logging;

namespace TraceBackend.Cql;

/// <summary>How <see cref="CqlCluster.ConnectAsync"/> reaches and talks to the cluster.</summary>
public sealed record CqlClusterOptions
{
    /// <summary>Hosts tried at connect time: <c>host</c>, <c>host:port</c>, <c>[ipv6]:port</c> or a bare IPv6 address.</summary>
    public IReadOnlyList<string> ContactPoints { get; init; } = [];

    /// <summary>Port for contact points that do not name one.</summary>
    public int Port { get; init; } = 9042;

    /// <summary>When set, every new connection runs <c>USE "keyspace"</c> before it serves requests.</summary>
    public string? Keyspace { get; init; }

    /// <summary>Credentials sent as SASL PLAIN when the server asks for authentication.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    public bool UseTls { get; init; }

    /// <summary>PEM (or DER) file with the CA certificate(s) that sign the server certificate; the system store is used when null.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>Accept any server certificate (testing only).</summary>
    public bool TlsSkipVerify { get; init; }

    /// <summary>Name expected in the server certificate (and sent as SNI); the contact point's host when null.</summary>
    public string? TlsServerName { get; init; }

    public CqlCompression Compression { get; init; } = CqlCompression.None;

    /// <summary>Connections kept open to each live host; requests go to the least busy one.</summary>
    public int ConnectionsPerHost { get; init; } = 2;

    /// <summary>Bound for TCP connect, TLS and the STARTUP/AUTH/USE handshake of one connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Default bound for one request, from picking a connection to the reply (overridable per request).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>First delay before reconnecting to a host marked down; doubles after each failed attempt.</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the reconnection delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Consistency of requests whose <see cref="CqlQueryOptions.Consistency"/> is null.</summary>
    public CqlConsistency Consistency { get; init; } = CqlConsistency.LocalOne;

    /// <summary>Serial consistency sent with every QUERY/EXECUTE/BATCH when set (SERIAL or LOCAL_SERIAL).</summary>
    public CqlConsistency? SerialConsistency { get; init; }

    /// <summary>
    /// Advice appended to <see cref="CqlKeyspaceNotFoundException"/> messages, after "keyspace 'x' does not exist; ".
    /// </summary>
    public string MissingKeyspaceHint { get; init; } =
        "create it with `tracebackend cassandra-schema` (or run the schema script with cqlsh) before starting";

    public ILoggerFactory? LoggerFactory { get; init; }
}
