using System.Net.Sockets;
using K4os.Compression.LZ4;

namespace TraceBackend.Cql.Tests.Support;

/// <summary>The server side of one client connection: sends response frames (LZ4-compressed once negotiated).</summary>
internal sealed class FakeConnection(FakeCqlServer server, Socket socket, Stream stream, int index)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public int Index { get; } = index;

    public Stream Stream { get; } = stream;

    /// <summary>STARTUP asked for lz4: responses after it are compressed when the server compresses.</summary>
    public bool Lz4 { get; set; }

    public IReadOnlyDictionary<string, string>? StartupOptions { get; set; }

    public async Task SendAsync(short stream, byte opcode, byte[] body, byte flags = 0)
    {
        if (Lz4 && server.CompressResponses && body.Length > 0)
        {
            var compressed = new byte[4 + LZ4Codec.MaximumOutputSize(body.Length)];
            var length = LZ4Codec.Encode(body, compressed.AsSpan(4));
            new SpecWriter().Int(body.Length).ToArray().CopyTo(compressed, 0);
            body = compressed.AsSpan(0, 4 + length).ToArray();
            flags |= 0x01;
        }

        await SendRawAsync(Responses.Frame(opcode, stream, body, flags));
    }

    public async Task SendRawAsync(byte[] frame)
    {
        await _writeLock.WaitAsync();
        try
        {
            await Stream.WriteAsync(frame);
            await Stream.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The client went away; the test observes that from the client side.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Drops the TCP connection at once (RST), as a crashed server would.</summary>
    public void Abort()
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        socket.Dispose();
        Stream.Dispose();
    }
}
