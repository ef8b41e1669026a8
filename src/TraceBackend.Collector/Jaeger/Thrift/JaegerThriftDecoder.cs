using System.Collections.Immutable;
using TraceBackend.JaegerModel;
using TraceBackend.Model;
using TraceBackend.Otlp;

namespace TraceBackend.Collector.Jaeger.Thrift;

/// <summary>
/// Decodes Jaeger Thrift (<c>jaeger.thrift</c>, <c>agent.thrift</c>) into model spans via
/// <see cref="JaegerSpanMapper"/>: a bare <c>Batch</c> struct (the HTTP <c>POST /api/traces</c> body) or an
/// <c>Agent.emitBatch</c> message (a UDP datagram: header named <c>emitBatch</c>, type CALL or ONEWAY, then
/// the args struct <c>{1: Batch}</c>). Either protocol (<see cref="ThriftProtocol"/>). Unknown fields of any type
/// are skipped; a field of a known id but a different type is a decode error. Trace ID = <c>traceIdHigh</c>:<c>traceIdLow</c>
/// (i64s reinterpreted as unsigned), span ID = <c>spanId</c>; a span with a zero trace or span ID is rejected (the
/// others are kept); a reference with a zero ID is dropped with a span warning; <c>parentSpanId</c> ≠ 0 is the
/// parent. Times: start = <c>startTime</c> µs, end = <c>startTime + duration</c> µs; negative → 0 with a warning.
/// Undecodable bytes → <see cref="ThriftDecodeException"/> (what, byte offset). Thread-safe.
/// </summary>
public sealed class JaegerThriftDecoder
{
    /// <summary>The agent method carrying a Jaeger batch.</summary>
    public const string EmitBatchMethod = "emitBatch";

    private readonly KeyInterner _keys;

    public JaegerThriftDecoder()
        : this(new KeyInterner())
    {
    }

    internal JaegerThriftDecoder(KeyInterner keys) => _keys = keys;

    /// <summary>Decodes a bare <c>Batch</c> struct that must fill <paramref name="data"/> exactly.</summary>
    public OtlpConversionResult DecodeBatch(ReadOnlyMemory<byte> data, ThriftProtocol protocol)
    {
        var reader = ThriftReader.Create(protocol, data);
        var batch = ReadBatch(reader);
        ExpectEnd(reader, "Batch");
        return Convert(batch);
    }

    /// <summary>Decodes an <c>Agent.emitBatch</c> message that must fill <paramref name="data"/> exactly.</summary>
    public OtlpConversionResult DecodeEmitBatch(ReadOnlyMemory<byte> data, ThriftProtocol protocol)
    {
        var reader = ThriftReader.Create(protocol, data);
        var header = reader.ReadMessageBegin();
        if (header.Name != EmitBatchMethod)
        {
            throw new ThriftDecodeException($"unsupported agent method \"{header.Name}\"; only {EmitBatchMethod} is accepted");
        }

        if (header.Type is not (ThriftMessageType.Call or ThriftMessageType.Oneway))
        {
            throw new ThriftDecodeException($"{EmitBatchMethod} message has type {header.Type}; expected Call or Oneway");
        }

        ThriftBatch? batch = null;
        reader.ReadStructBegin();
        while (reader.ReadFieldBegin(out var type, out var id))
        {
            if (id == 1 && type == ThriftType.Struct)
            {
                batch = ReadBatch(reader);
            }
            else
            {
                reader.Skip(type);
            }
        }

        reader.ReadStructEnd();
        ExpectEnd(reader, EmitBatchMethod + " message");
        return Convert(batch ?? throw new ThriftDecodeException($"{EmitBatchMethod} arguments have no batch (field 1)"));
    }

    private static void ExpectEnd(ThriftReader reader, string what)
    {
        if (reader.Remaining != 0)
        {
            throw new ThriftDecodeException($"{reader.Remaining} unexpected bytes after the {what} at byte offset {reader.Position}");
        }
    }

    private OtlpConversionResult Convert(ThriftBatch batch)
    {
        var rejections = new RejectionLog(" of the batch");
        var mapper = new JaegerSpanMapper(_keys);
        var resource = mapper.MapResource(batch.HasProcess, batch.ServiceName, batch.ProcessTags, out var resourceWarnings);
        var spans = new List<Span>(batch.Spans.Count);
        for (var i = 0; i < batch.Spans.Count; i++)
        {
            var input = batch.Spans[i];
            if (input.TraceId.IsEmpty)
            {
                rejections.Add(RejectReason.InvalidTraceId, i, "traceIdHigh/traceIdLow must not both be 0");
                continue;
            }

            if (input.SpanId.IsEmpty)
            {
                rejections.Add(RejectReason.InvalidSpanId, i, "spanId must not be 0");
                continue;
            }

            spans.Add(mapper.MapSpan(input, resource, resourceWarnings));
        }

        return rejections.ToResult(spans);
    }

    private ThriftBatch ReadBatch(ThriftReader reader)
    {
        var batch = new ThriftBatch();
        reader.ReadStructBegin();
        while (reader.ReadFieldBegin(out var type, out var id))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Struct:
                    ReadProcess(reader, batch);
                    break;
                case 2 when type == ThriftType.List:
                    var n = ReadListOf(reader, ThriftType.Struct, "Batch.spans");
                    for (var i = 0; i < n; i++)
                    {
                        batch.Spans.Add(ReadSpan(reader));
                    }

                    reader.ReadListEnd();
                    break;
                case 1 or 2:
                    throw WrongType(reader, "Batch", id, type);
                default:
                    reader.Skip(type);
                    break;
            }
        }

        reader.ReadStructEnd();
        return batch;
    }

    private void ReadProcess(ThriftReader reader, ThriftBatch batch)
    {
        batch.HasProcess = true;
        reader.ReadStructBegin();
        while (reader.ReadFieldBegin(out var type, out var id))
        {
            switch (id)
            {
                case 1 when type == ThriftType.String:
                    batch.ServiceName = reader.ReadString();
                    break;
                case 2 when type == ThriftType.List:
                    ReadTags(reader, batch.ProcessTags, "Process.tags");
                    break;
                case 1 or 2:
                    throw WrongType(reader, "Process", id, type);
                default:
                    reader.Skip(type);
                    break;
            }
        }

        reader.ReadStructEnd();
    }

    private JaegerSpanInput ReadSpan(ThriftReader reader)
    {
        var input = new JaegerSpanInput();
        long traceLow = 0, traceHigh = 0, startMicros = 0, durationMicros = 0;
        reader.ReadStructBegin();
        while (reader.ReadFieldBegin(out var type, out var id))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I64: traceLow = reader.ReadI64(); break;
                case 2 when type == ThriftType.I64: traceHigh = reader.ReadI64(); break;
                case 3 when type == ThriftType.I64: input.SpanId = new SpanId((ulong)reader.ReadI64()); break;
                case 4 when type == ThriftType.I64: input.ParentSpanId = new SpanId((ulong)reader.ReadI64()); break;
                case 5 when type == ThriftType.String: input.OperationName = reader.ReadString(); break;
                case 6 when type == ThriftType.List: ReadReferences(reader, input); break;
                case 7 when type == ThriftType.I32: input.Flags = (uint)reader.ReadI32(); break;
                case 8 when type == ThriftType.I64: startMicros = reader.ReadI64(); break;
                case 9 when type == ThriftType.I64: durationMicros = reader.ReadI64(); break;
                case 10 when type == ThriftType.List: ReadTags(reader, input.Tags, "Span.tags"); break;
                case 11 when type == ThriftType.List: ReadLogs(reader, input); break;
                case >= 1 and <= 11: throw WrongType(reader, "Span", id, type);
                default: reader.Skip(type); break;
            }
        }

        reader.ReadStructEnd();
        input.TraceId = new TraceId((ulong)traceHigh, (ulong)traceLow);
        input.StartTimeUnixNano = MicrosToNanos((Int128)startMicros, "startTime", input.Warnings);
        input.EndTimeUnixNano = MicrosToNanos((Int128)startMicros + durationMicros, "startTime + duration", input.Warnings);
        return input;
    }

    private static void ReadReferences(ThriftReader reader, JaegerSpanInput input)
    {
        var n = ReadListOf(reader, ThriftType.Struct, "Span.references");
        for (var i = 0; i < n; i++)
        {
            int refType = 0;
            long traceLow = 0, traceHigh = 0, spanId = 0;
            reader.ReadStructBegin();
            while (reader.ReadFieldBegin(out var type, out var id))
            {
                switch (id)
                {
                    case 1 when type == ThriftType.I32: refType = reader.ReadI32(); break;
                    case 2 when type == ThriftType.I64: traceLow = reader.ReadI64(); break;
                    case 3 when type == ThriftType.I64: traceHigh = reader.ReadI64(); break;
                    case 4 when type == ThriftType.I64: spanId = reader.ReadI64(); break;
                    case >= 1 and <= 4: throw WrongType(reader, "SpanRef", id, type);
                    default: reader.Skip(type); break;
                }
            }

            reader.ReadStructEnd();
            var traceId = new TraceId((ulong)traceHigh, (ulong)traceLow);
            if (traceId.IsEmpty)
            {
                input.Warnings.Add($"reference {i} dropped: traceIdHigh/traceIdLow must not both be 0");
            }
            else if (spanId == 0)
            {
                input.Warnings.Add($"reference {i} dropped: spanId must not be 0");
            }
            else
            {
                // Upstream treats every type other than CHILD_OF as FOLLOWS_FROM.
                var kind = refType == 0 ? JaegerReferenceType.ChildOf : JaegerReferenceType.FollowsFrom;
                input.References.Add(new JaegerReference(kind, traceId, new SpanId((ulong)spanId)));
            }
        }

        reader.ReadListEnd();
    }

    private void ReadLogs(ThriftReader reader, JaegerSpanInput input)
    {
        var n = ReadListOf(reader, ThriftType.Struct, "Span.logs");
        for (var i = 0; i < n; i++)
        {
            long micros = 0;
            var fields = new List<KeyValue>();
            reader.ReadStructBegin();
            while (reader.ReadFieldBegin(out var type, out var id))
            {
                switch (id)
                {
                    case 1 when type == ThriftType.I64: micros = reader.ReadI64(); break;
                    case 2 when type == ThriftType.List: ReadTags(reader, fields, "Log.fields"); break;
                    case 1 or 2: throw WrongType(reader, "Log", id, type);
                    default: reader.Skip(type); break;
                }
            }

            reader.ReadStructEnd();
            input.Logs.Add(new JaegerLog(MicrosToNanos(micros, "log timestamp", input.Warnings), fields));
        }

        reader.ReadListEnd();
    }

    private void ReadTags(ThriftReader reader, List<KeyValue> destination, string what)
    {
        var n = ReadListOf(reader, ThriftType.Struct, what);
        for (var i = 0; i < n; i++)
        {
            string key = "", str = "";
            int vType = 0;
            double number = 0;
            bool boolean = false;
            long int64 = 0;
            byte[]? binary = null;
            reader.ReadStructBegin();
            while (reader.ReadFieldBegin(out var type, out var id))
            {
                switch (id)
                {
                    case 1 when type == ThriftType.String: key = reader.ReadString(); break;
                    case 2 when type == ThriftType.I32: vType = reader.ReadI32(); break;
                    case 3 when type == ThriftType.String: str = reader.ReadString(); break;
                    case 4 when type == ThriftType.Double: number = reader.ReadDouble(); break;
                    case 5 when type == ThriftType.Bool: boolean = reader.ReadBool(); break;
                    case 6 when type == ThriftType.I64: int64 = reader.ReadI64(); break;
                    case 7 when type == ThriftType.String: binary = reader.ReadBinary().ToArray(); break;
                    case >= 1 and <= 7: throw WrongType(reader, "Tag", id, type);
                    default: reader.Skip(type); break;
                }
            }

            reader.ReadStructEnd();
            var value = JaegerTagTypes.TryFromThrift(vType, out var tagType)
                ? JaegerTagTypes.ToValue(tagType, str, boolean, int64, number, binary)
                : JaegerTagTypes.Unknown(JaegerTagTypes.UnknownThriftName);
            destination.Add(new KeyValue(_keys.Intern(key), value));
        }

        reader.ReadListEnd();
    }

    private static int ReadListOf(ThriftReader reader, ThriftType expected, string what)
    {
        var at = reader.Position;
        var n = reader.ReadListBegin(out var elementType);
        if (elementType != expected && n > 0)
        {
            throw new ThriftDecodeException($"{what} at byte offset {at} is a list of {elementType}; expected {expected}");
        }

        return n;
    }

    private static ThriftDecodeException WrongType(ThriftReader reader, string structName, short id, ThriftType type) =>
        new($"{structName} field {id} before byte offset {reader.Position} has type {type}, which is not its declared type");

    private static ulong MicrosToNanos(Int128 micros, string field, List<string> warnings)
    {
        if (micros < 0)
        {
            warnings.Add($"{field} {micros}µs is before the Unix epoch; set to 0");
            return 0;
        }

        var nanos = micros * 1000;
        return nanos > ulong.MaxValue ? ulong.MaxValue : (ulong)nanos;
    }

    private sealed class ThriftBatch
    {
        public bool HasProcess { get; set; }

        public string ServiceName { get; set; } = "";

        public List<KeyValue> ProcessTags { get; } = [];

        public List<JaegerSpanInput> Spans { get; } = [];
    }
}
