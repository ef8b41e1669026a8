using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TraceBackend.JaegerModel;
using TraceBackend.Model;
using TraceBackend.Query.Json;
using V2 = Jaeger.ApiV2;

namespace TraceBackend.Query.Grpc;

/// <summary>
/// Model → <c>jaeger.api_v2</c> protobuf spans, rendering the same §1.6 mapping as the v1 JSON writer
/// (<see cref="JaegerSpanMapping"/>): same tags in the same order, references, logs, warnings and flags (low 8
/// bits). Differences are only those of the encoding: IDs are bytes (trace IDs always 16 bytes, as Jaeger's
/// <c>model.TraceID</c> marshals), times keep nanosecond precision (Timestamp/Duration), tag values keep their
/// protobuf types (int64 beyond 2^53 stays a number), and each span carries its process inline (no process IDs).
/// </summary>
internal static class ApiV2ProtoMapping
{
    public static V2.Span ToProto(Span span, Dictionary<Resource, V2.Process> processes)
    {
        var proto = new V2.Span
        {
            TraceId = TraceIdBytes(span.TraceId),
            SpanId = SpanIdBytes(span.SpanId),
            OperationName = span.Name,
            Flags = JaegerSpanMapping.Flags(span),
            StartTime = ProtoTimes.TimestampFromUnixNanos(span.StartTimeUnixNano),
            Duration = ProtoTimes.DurationFromNanos(span.DurationNanos),
            Process = Process(span.Resource, processes),
        };
        var references = new ReferenceSink(proto.References);
        JaegerSpanMapping.References(span, ref references);
        var tags = new KeyValueSink(proto.Tags);
        JaegerSpanMapping.Tags(span, ref tags);
        foreach (var e in span.Events)
        {
            var log = new V2.Log { Timestamp = ProtoTimes.TimestampFromUnixNanos(e.TimeUnixNano) };
            var fields = new KeyValueSink(log.Fields);
            JaegerSpanMapping.LogFields(e, ref fields);
            proto.Logs.Add(log);
        }

        if (!span.Warnings.IsDefaultOrEmpty)
        {
            proto.Warnings.Add(span.Warnings);
        }

        return proto;
    }

    /// <summary>A Jaeger <c>KeyValue</c>: typed scalars as such; arrays, maps and empty values as strings (as in v1 JSON).</summary>
    public static V2.KeyValue KeyValue(string key, AttributeValue value)
    {
        var kv = new V2.KeyValue { Key = key };
        switch (value.Type)
        {
            case AttributeType.Bool:
                kv.VType = V2.ValueType.Bool;
                kv.VBool = value.AsBool;
                break;
            case AttributeType.Int:
                kv.VType = V2.ValueType.Int64;
                kv.VInt64 = value.AsInt;
                break;
            case AttributeType.Double:
                kv.VType = V2.ValueType.Float64;
                kv.VFloat64 = value.AsDouble;
                break;
            case AttributeType.Bytes:
                kv.VType = V2.ValueType.Binary;
                kv.VBinary = ByteString.CopyFrom(value.AsBytes);
                break;
            default:
                kv.VType = V2.ValueType.String;
                kv.VStr = value.ToString();
                break;
        }

        return kv;
    }

    /// <summary>16 big-endian bytes, also for 64-bit IDs (high half zero), as Jaeger's <c>model.TraceID</c> marshals.</summary>
    public static ByteString TraceIdBytes(TraceId id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.WriteBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    public static ByteString SpanIdBytes(SpanId id)
    {
        Span<byte> bytes = stackalloc byte[8];
        id.WriteBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>One process per distinct resource object of a response (the protobuf message is shared, as it is immutable once sent).</summary>
    private static V2.Process Process(Resource resource, Dictionary<Resource, V2.Process> processes)
    {
        if (processes.TryGetValue(resource, out var process))
        {
            return process;
        }

        process = new V2.Process { ServiceName = resource.ServiceName };
        foreach (var kv in resource.Attributes)
        {
            if (JaegerSpanMapping.IsProcessTag(kv))
            {
                process.Tags.Add(KeyValue(kv.Key, kv.Value));
            }
        }

        processes[resource] = process;
        return process;
    }

    private readonly struct KeyValueSink(Google.Protobuf.Collections.RepeatedField<V2.KeyValue> into) : IJaegerKeyValueSink
    {
        public void Add(string key, AttributeValue value) => into.Add(KeyValue(key, value));
    }

    private readonly struct ReferenceSink(Google.Protobuf.Collections.RepeatedField<V2.SpanRef> into) : IJaegerReferenceSink
    {
        public void Add(bool childOf, TraceId traceId, SpanId spanId) => into.Add(new V2.SpanRef
        {
            TraceId = TraceIdBytes(traceId),
            SpanId = SpanIdBytes(spanId),
            RefType = childOf ? V2.SpanRefType.ChildOf : V2.SpanRefType.FollowsFrom,
        });
    }
}
