using System.Net;

namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>The Jaeger agent UDP inputs: which ports, and their socket settings. Validated by <see cref="Validate"/>.</summary>
public sealed class JaegerAgentOptions
{
    /// <summary>Jaeger's default compact-protocol port.</summary>
    public const int DefaultCompactPort = 6831;

    /// <summary>Jaeger's default binary-protocol port.</summary>
    public const int DefaultBinaryPort = 6832;

    /// <summary>The agent's default (and the clients' largest) datagram size.</summary>
    public const int DefaultMaxPacketBytes = 65_000;

    /// <summary>Default socket receive buffer: room for a burst of about 64 full datagrams.</summary>
    public const int DefaultReceiveBufferBytes = 4 * 1024 * 1024;

    /// <summary>Where to receive compact-protocol datagrams (port 0 = any free port); null = not listening.</summary>
    public IPEndPoint? CompactEndpoint { get; set; }

    /// <summary>Where to receive binary-protocol datagrams (port 0 = any free port); null = not listening.</summary>
    public IPEndPoint? BinaryEndpoint { get; set; }

    /// <summary>Socket <c>ReceiveBufferSize</c> in bytes (the OS may cap it).</summary>
    public int ReceiveBufferBytes { get; set; } = DefaultReceiveBufferBytes;

    /// <summary>Largest datagram accepted; longer ones are truncated by the socket and counted as malformed.</summary>
    public int MaxPacketBytes { get; set; } = DefaultMaxPacketBytes;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (ReceiveBufferBytes is < 1024 or > 1024 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferBytes), ReceiveBufferBytes, "Jaeger agent receive buffer must be between 1024 bytes and 1 GiB");
        }

        if (MaxPacketBytes is < 512 or > 65_507)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPacketBytes), MaxPacketBytes, "Jaeger agent max packet size must be between 512 and 65507 bytes");
        }
    }
}
