using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace TraceBackend.Cql.Internal.Connections;

/// <summary>Opens the byte stream under a connection: TCP to the first reachable address of the host, then TLS if configured.</summary>
internal static class CqlTransport
{
    public static async Task<Stream> ConnectAsync(CqlEndpoint endpoint, CqlConnectionSettings settings, CancellationToken ct)
    {
        var socket = await ConnectSocketAsync(endpoint, ct).ConfigureAwait(false);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        var options = settings.Options;
        if (!options.UseTls)
        {
            return stream;
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = options.TlsServerName ?? endpoint.Host,
                    RemoteCertificateValidationCallback = TlsValidation.Create(options.TlsSkipVerify, settings.TrustedCertificates),
                },
                ct).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Socket> ConnectSocketAsync(CqlEndpoint endpoint, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, ct).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
