using System.Globalization;
using System.Net;

namespace TraceBackend.Host.Options;

/// <summary>
/// A <c>HOST:PORT</c> listen address. An empty host (<c>:4317</c>) or <c>0.0.0.0</c> means every IPv4 interface,
/// <c>[::]</c> every IPv6 one, <c>localhost</c> the IPv4 loopback; port 0 picks a free port.
/// </summary>
public sealed record ListenAddress(IPAddress Address, int Port)
{
    public static bool TryParse(string? text, out ListenAddress? address, out string error)
    {
        address = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected HOST:PORT, got an empty value";
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"expected HOST:PORT, got '{text}'";
            return false;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"invalid port '{portText}' in '{text}' (expected 0-65535)";
            return false;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        IPAddress ip;
        if (host.Length == 0)
        {
            ip = IPAddress.Any;
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            ip = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out ip!))
        {
            try
            {
                ip = Dns.GetHostAddresses(host).FirstOrDefault()
                    ?? throw new FormatException();
            }
            catch (Exception e) when (e is FormatException or System.Net.Sockets.SocketException or ArgumentException)
            {
                error = $"cannot resolve host '{host}' in '{text}'";
                return false;
            }
        }

        address = new ListenAddress(ip, port);
        return true;
    }

    public override string ToString() => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{Address}]:{Port}"
        : $"{Address}:{Port}";
}
