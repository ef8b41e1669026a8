using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.FrontendMessages;

namespace TraceBackend.Cql.Internal.Protocol;

/// <summary>
/// Builds request frames in two steps so a message is serialized (and can fail) before a stream id is taken:
/// <see cref="Serialize"/> writes a placeholder header and the body; <see cref="Complete"/> fills in the header and
/// compresses the body when asked.
/// </summary>
internal static class CqlFrameWriter
{
    public static CqlWriteBuffer Serialize(IFrontendMessage message)
    {
        var buffer = new CqlWriteBuffer();
        try
        {
            buffer.Reserve(CqlFrameHeader.Size);
            message.WriteBody(buffer);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Returns the finished frame: <paramref name="frame"/> itself with its header set, or (when compressing a non-empty
    /// body) a new buffer, in which case <paramref name="frame"/> is left to its owner.
    /// </summary>
    public static CqlWriteBuffer Complete(CqlWriteBuffer frame, CqlOpcode opcode, short streamId, bool compress)
    {
        var bodyLength = frame.Length - CqlFrameHeader.Size;
        if (!compress || bodyLength == 0)
        {
            new CqlFrameHeader(CqlFrameHeader.RequestVersion, CqlFrameFlags.None, streamId, opcode, bodyLength)
                .Write(frame.WrittenSpanForPatch);
            return frame;
        }

        var compressed = new CqlWriteBuffer(CqlFrameHeader.Size + Lz4BodyCodec.MaxCompressedLength(bodyLength));
        var target = compressed.GetSpan(CqlFrameHeader.Size + Lz4BodyCodec.MaxCompressedLength(bodyLength));
        var length = Lz4BodyCodec.Compress(frame.WrittenSpan[CqlFrameHeader.Size..], target[CqlFrameHeader.Size..]);
        new CqlFrameHeader(CqlFrameHeader.RequestVersion, CqlFrameFlags.Compression, streamId, opcode, length).Write(target);
        compressed.Advance(CqlFrameHeader.Size + length);
        return compressed;
    }
}
