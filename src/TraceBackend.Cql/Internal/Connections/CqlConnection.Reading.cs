using System.Buffers;
using TraceBackend.Cql.Internal.Protocol;

namespace TraceBackend.Cql.Internal.Connections;

/// <summary>The read loop and closing of <see cref="CqlConnection"/>.</summary>
internal sealed partial class CqlConnection
{
    private async Task ReadLoopAsync()
    {
        Exception reason;
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (CqlFrameScanner.TryRead(ref buffer, CqlFrameHeader.ResponseVersion, out var header, out var body))
                    {
                        Dispatch(header, body);
                    }
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    reason = new IOException("the server closed the connection");
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            reason = ex;
        }

        Close(reason);
        await _reader.CompleteAsync().ConfigureAwait(false);
    }

    private void Dispatch(in CqlFrameHeader header, in ReadOnlySequence<byte> body)
    {
        if (header.StreamId < 0)
        {
            // Server-initiated (EVENT, stream -1): this client never REGISTERs, so nothing waits for it.
            Log.ServerPushIgnored(_logger, Host, (byte)header.Opcode);
            return;
        }

        var request = header.StreamId < _pending.Length ? Interlocked.Exchange(ref _pending[header.StreamId], null) : null;
        if (request is null)
        {
            Log.UnexpectedReply(_logger, Host, header.StreamId);
            return;
        }

        byte[] bytes;
        try
        {
            bytes = (header.Flags & CqlFrameFlags.Compression) == 0 ? body.ToArray()
                : _lz4 ? Lz4BodyCodec.Decompress(body)
                : throw new CqlProtocolException("compressed frame received although no compression was negotiated", Host);
        }
        catch (Exception ex)
        {
            // The connection closes after this; the request is no longer registered, so fail it here.
            request.Fail(new CqlConnectionException(Host, ex, requestSent: true));
            throw;
        }

        var frame = new CqlFrame(header.Flags & ~CqlFrameFlags.Compression, header.StreamId, header.Opcode, bytes);
        if (!request.Complete(frame))
        {
            Interlocked.Decrement(ref _abandoned);
            Log.LateReply(_logger, Host, header.StreamId);
        }

        _streamIds.Release(header.StreamId);
    }

    /// <summary>Closes once: stops reading, drops the stream, fails every waiting request and completes <see cref="Closed"/>.</summary>
    private void Close(Exception reason)
    {
        if (Interlocked.Exchange(ref _closeState, 1) != 0)
        {
            return;
        }

        if (reason is not ObjectDisposedException)
        {
            Log.ConnectionClosed(_logger, Host, reason.Message);
        }

        _closing.Cancel();
        try
        {
            _stream.Dispose();
        }
        catch (Exception)
        {
            // Disposing a broken stream may throw; the connection is gone either way.
        }

        for (var i = 0; i < _pending.Length; i++)
        {
            Interlocked.Exchange(ref _pending[i], null)?.Fail(new CqlConnectionException(Host, reason, requestSent: true));
        }

        _closed.TrySetResult(reason);
    }
}
