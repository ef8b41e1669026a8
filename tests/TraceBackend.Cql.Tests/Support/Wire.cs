using System.Buffers;
using TraceBackend.Cql.Internal.BackendMessages;
using TraceBackend.Cql.Internal.Buffers;
using TraceBackend.Cql.Internal.FrontendMessages;
using TraceBackend.Cql.Internal.Protocol;
using TraceBackend.Cql.Internal.Values;

namespace TraceBackend.Cql.Tests.Support;

/// <summary>Runs the client's codec on single messages: request → frame bytes, frame bytes → response message.</summary>
internal static class Wire
{
    public const string Host = "10.0.0.1:9042";
    public const string Hint = "create it with the schema tool";

    public static byte[] Request(IFrontendMessage message, short stream = 0, bool compress = false)
    {
        using var serialized = CqlFrameWriter.Serialize(message);
        var frame = CqlFrameWriter.Complete(serialized, message.Opcode, stream, compress);
        try
        {
            return frame.WrittenSpan.ToArray();
        }
        finally
        {
            if (!ReferenceEquals(frame, serialized))
            {
                frame.Dispose();
            }
        }
    }

    /// <summary>Request frame bytes expected for <paramref name="opcode"/>, <paramref name="stream"/> and a hand-built body.</summary>
    public static byte[] ExpectedRequest(byte opcode, short stream, byte[] body) =>
        new SpecWriter().Byte(0x04).Byte(0).Short(stream).Byte(opcode).Int(body.Length).Raw(body).ToArray();

    public static BackendMessage Response(byte[] frameBytes, IReadOnlyList<CqlColumn>? knownColumns = null) =>
        Response(frameBytes, out _, knownColumns);

    public static BackendMessage Response(byte[] frameBytes, out IReadOnlyList<string> warnings, IReadOnlyList<CqlColumn>? knownColumns = null)
    {
        var sequence = new ReadOnlySequence<byte>(frameBytes);
        Assert.True(CqlFrameScanner.TryRead(ref sequence, CqlFrameHeader.ResponseVersion, out var header, out var body));
        Assert.True(sequence.IsEmpty);
        var bytes = (header.Flags & CqlFrameFlags.Compression) != 0 ? Lz4BodyCodec.Decompress(body) : body.ToArray();
        var frame = new CqlFrame(header.Flags & ~CqlFrameFlags.Compression, header.StreamId, header.Opcode, bytes);
        return BackendMessageParser.Parse(frame, new ResponseContext(Host, Hint, knownColumns), out warnings);
    }

    public static T Response<T>(byte opcode, byte[] body, IReadOnlyList<CqlColumn>? knownColumns = null)
        where T : BackendMessage =>
        Assert.IsType<T>(Response(Responses.Frame(opcode, 1, body), knownColumns));

    /// <summary>The [value] the client writes for <paramref name="value"/> bound to <paramref name="type"/>.</summary>
    public static byte[] Encode(CqlType type, object? value)
    {
        using var buffer = new CqlWriteBuffer();
        CqlValueEncoder.WriteValue(buffer, type, value, "v");
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A hand-built [value]: [int] length then bytes.</summary>
    public static byte[] Value(byte[] content) => new SpecWriter().Bytes(content).ToArray();

    public static object? Decode(CqlType type, byte[] content) => CqlValueDecoder.Decode(type, content);
}
