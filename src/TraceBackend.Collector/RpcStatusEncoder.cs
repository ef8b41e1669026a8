using System.Buffers;
using System.Text.Json;
using Google.Protobuf;

namespace TraceBackend.Collector;

/// <summary>
/// Encodes <c>google.rpc.Status</c> (code = 1, message = 2, details = 3) by hand, since the schema does not
/// carry google/rpc protos; optionally with one <c>google.rpc.RetryInfo</c> detail, which tells OTLP
/// clients that a RESOURCE_EXHAUSTED answer is worth retrying and after how long.
/// </summary>
public static class RpcStatusEncoder
{
    public const int InvalidArgument = 3;
    public const int ResourceExhausted = 8;
    public const int Unavailable = 14;

    private const string RetryInfoTypeUrl = "type.googleapis.com/google.rpc.RetryInfo";

    public static byte[] ToProtobuf(int code, string message, TimeSpan? retryDelay = null)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream, leaveOpen: true);
        if (code != 0)
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt32(code);
        }

        if (message.Length > 0)
        {
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString(message);
        }

        if (retryDelay is { } delay)
        {
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(EncodeRetryInfoAny(delay));
        }

        output.Flush();
        return stream.ToArray();
    }

    /// <summary><c>{"code":3,"message":"..."}</c> (proto3 JSON of <c>google.rpc.Status</c>).</summary>
    public static void WriteJson(IBufferWriter<byte> destination, int code, string message)
    {
        using var writer = new Utf8JsonWriter(destination);
        writer.WriteStartObject();
        writer.WriteNumber("code"u8, code);
        writer.WriteString("message"u8, message);
        writer.WriteEndObject();
    }

    /// <summary><c>google.protobuf.Any{type_url, value = RetryInfo{retry_delay = Duration{seconds, nanos}}}</c>.</summary>
    private static ByteString EncodeRetryInfoAny(TimeSpan delay)
    {
        var duration = new Google.Protobuf.WellKnownTypes.Duration
        {
            Seconds = (long)delay.TotalSeconds,
            Nanos = (int)(delay.Ticks % TimeSpan.TicksPerSecond * 100),
        };

        using var retryInfo = new MemoryStream();
        var retryOut = new CodedOutputStream(retryInfo, leaveOpen: true);
        retryOut.WriteTag(1, WireFormat.WireType.LengthDelimited);
        retryOut.WriteMessage(duration);
        retryOut.Flush();

        using var any = new MemoryStream();
        var anyOut = new CodedOutputStream(any, leaveOpen: true);
        anyOut.WriteTag(1, WireFormat.WireType.LengthDelimited);
        anyOut.WriteString(RetryInfoTypeUrl);
        anyOut.WriteTag(2, WireFormat.WireType.LengthDelimited);
        anyOut.WriteBytes(ByteString.CopyFrom(retryInfo.ToArray()));
        anyOut.Flush();
        return ByteString.CopyFrom(any.ToArray());
    }
}
