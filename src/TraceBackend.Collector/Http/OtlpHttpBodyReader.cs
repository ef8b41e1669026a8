using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace TraceBackend.Collector.Http;

/// <summary>
/// Reads an OTLP/HTTP body into pooled memory, never holding more than the limit plus one byte: the bytes
/// on the wire are capped, and so are the inflated bytes of a gzip/deflate body (a compression bomb is cut
/// off after limit + 1 inflated bytes).
/// </summary>
internal static class OtlpHttpBodyReader
{
    private const int MinInitialSize = 16 * 1024;

    /// <exception cref="BodyTooLargeException">More than <paramref name="limit"/> bytes, raw or inflated.</exception>
    /// <exception cref="InvalidDataException">The compressed body is corrupt.</exception>
    public static async ValueTask<PooledBuffer> ReadAsync(
        Stream body, long? contentLength, ContentCoding coding, int limit, CancellationToken cancellationToken)
    {
        PooledBuffer raw;
        try
        {
            raw = await ReadLimitedAsync(body, contentLength ?? MinInitialSize, limit, cancellationToken).ConfigureAwait(false)
                ?? throw new BodyTooLargeException($"request body exceeds {limit} bytes");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new BodyTooLargeException($"request body exceeds {limit} bytes");
        }

        if (coding == ContentCoding.Identity)
        {
            return raw;
        }

        using (raw)
        {
            using var compressed = new MemoryStream(raw.Array, 0, raw.Length, writable: false);
            using var inflater = CreateInflater(compressed, coding, raw.Span);
            return await ReadLimitedAsync(inflater, (long)raw.Length * 4, limit, cancellationToken).ConfigureAwait(false)
                ?? throw new BodyTooLargeException($"decompressed request body exceeds {limit} bytes");
        }
    }

    /// <summary>
    /// HTTP "deflate" is meant to be zlib-wrapped (RFC 9110) but some clients send raw deflate; the zlib
    /// header (CMF/FLG with a valid check) tells them apart.
    /// </summary>
    private static Stream CreateInflater(Stream compressed, ContentCoding coding, ReadOnlySpan<byte> head)
    {
        if (coding == ContentCoding.Gzip)
        {
            return new GZipStream(compressed, CompressionMode.Decompress);
        }

        var zlib = head.Length >= 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;
        return zlib ? new ZLibStream(compressed, CompressionMode.Decompress) : new DeflateStream(compressed, CompressionMode.Decompress);
    }

    /// <summary>Null when the source holds more than <paramref name="limit"/> bytes.</summary>
    private static async ValueTask<PooledBuffer?> ReadLimitedAsync(Stream source, long sizeHint, int limit, CancellationToken cancellationToken)
    {
        // Never read past limit + 1 bytes: one byte over is enough to know the body is too large.
        var cap = limit + 1;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(sizeHint + 1, MinInitialSize, cap));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var room = Math.Min(buffer.Length, cap) - length;
                var read = await source.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    var result = new PooledBuffer(buffer, length);
                    buffer = null!;
                    return result;
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
