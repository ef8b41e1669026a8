using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Jaeger.ApiV2;
using JValueType = Jaeger.ApiV2.ValueType;

namespace TraceBackend.Collector.Tests.Jaeger;

/// <summary>Builders of Jaeger api_v2 messages for tests.</summary>
internal static class JaegerTestData
{
    /// <summary>2023-11-14T22:13:20Z in Unix seconds.</summary>
    public const long BaseSeconds = 1_700_000_000;

    public static ByteString TraceId(ulong high, ulong low)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), low);
        return ByteString.CopyFrom(bytes);
    }

    public static ByteString TraceId8(ulong low)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, low);
        return ByteString.CopyFrom(bytes);
    }

    public static ByteString SpanId(ulong n)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, n);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>A valid span: trace (0xAB, n), span n, name op, 1 ms long, starting <paramref name="n"/> µs after the base time.</summary>
    public static Span Span(ulong n, string name = "op", params KeyValue[] tags)
    {
        var span = new Span
        {
            TraceId = TraceId(0xAB, n),
            SpanId = SpanId(n),
            OperationName = name,
            StartTime = new Timestamp { Seconds = BaseSeconds, Nanos = (int)(n * 1000) },
            Duration = new Duration { Nanos = 1_000_000 },
        };
        span.Tags.AddRange(tags);
        return span;
    }

    public static Process Process(string service, params KeyValue[] tags)
    {
        var process = new Process { ServiceName = service };
        process.Tags.AddRange(tags);
        return process;
    }

    public static Batch Batch(Process? process, params Span[] spans)
    {
        var batch = new Batch { Process = process };
        batch.Spans.AddRange(spans);
        return batch;
    }

    public static PostSpansRequest Request(int count, ulong first = 1) =>
        new() { Batch = Batch(Process("svc"), [.. Enumerable.Range(0, count).Select(i => Span(first + (ulong)i))]) };

    public static KeyValue Str(string key, string value) => new() { Key = key, VType = JValueType.String, VStr = value };

    public static KeyValue Bool(string key, bool value) => new() { Key = key, VType = JValueType.Bool, VBool = value };

    public static KeyValue Int(string key, long value) => new() { Key = key, VType = JValueType.Int64, VInt64 = value };

    public static KeyValue Double(string key, double value) => new() { Key = key, VType = JValueType.Float64, VFloat64 = value };

    public static KeyValue Binary(string key, params byte[] value) => new() { Key = key, VType = JValueType.Binary, VBinary = ByteString.CopyFrom(value) };

    public static SpanRef Ref(SpanRefType type, ByteString traceId, ulong spanId) => new() { RefType = type, TraceId = traceId, SpanId = SpanId(spanId) };

    public static Log Log(long offsetMicros, params KeyValue[] fields)
    {
        var log = new Log { Timestamp = new Timestamp { Seconds = BaseSeconds, Nanos = (int)(offsetMicros * 1000) } };
        log.Fields.AddRange(fields);
        return log;
    }
}
