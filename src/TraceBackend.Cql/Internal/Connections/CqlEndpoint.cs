using System.Globalization;
using System.Net;

namespace TraceBackend.Cql.Internal.Connections;

/// <summary>A host and port to connect to; <see cref="Name"/> (<c>host:port</c>) identifies it in logs and errors.</summary>
internal sealed record CqlEndpoint(string Host, int Port)
{
    public string Name => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>[ipv6]</c>, <c>[ipv6]:port</c> or a bare IPv6 address.</summary>
    public static CqlEndpoint Parse(string contactPoint, int defaultPort)
    {
        var text = contactPoint?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ArgumentException("a contact point is empty", nameof(contactPoint));
        }

        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"contact point '{contactPoint}' lacks the closing ']'", nameof(contactPoint));
            }

            var host = text[1..close];
            var rest = text[(close + 1)..];
            return rest.Length == 0 ? new(host, defaultPort)
                : rest[0] == ':' ? new(host, ParsePort(rest[1..], contactPoint!))
                : throw new ArgumentException($"contact point '{contactPoint}' is malformed", nameof(contactPoint));
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0 || (text.IndexOf(':', StringComparison.Ordinal) != colon && IPAddress.TryParse(text, out _)))
        {
            return new(text, defaultPort);
        }

        return new(text[..colon], ParsePort(text[(colon + 1)..], contactPoint!));
    }

    private static int ParsePort(string text, string contactPoint) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new ArgumentException($"contact point '{contactPoint}' has an invalid port", nameof(contactPoint));
}
