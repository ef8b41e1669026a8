using System.Collections.Immutable;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using TraceBackend.JaegerModel;
using TraceBackend.Model;
using TraceBackend.Otlp;
using ProtoBatch = Jaeger.ApiV2.Batch;
using ProtoKeyValue = Jaeger.ApiV2.KeyValue;
using ProtoProcess = Jaeger.ApiV2.Process;
using ProtoSpan = Jaeger.ApiV2.Span;
using ProtoSpanRefType = Jaeger.ApiV2.SpanRefType;

namespace TraceBackend.Collector.Jaeger;

/// <summary>
/// Turns a Jaeger api_v2 <c>Batch</c> into model spans (rules: <see cref="JaegerSpanMapper"/>). A span's own
/// <c>process</c> wins over <c>Batch.process</c> unless it is empty (no service name, no tags). IDs: <c>trace_id</c>
/// is 16 bytes, or 8 bytes taken as the low half (left-padded with zeros); <c>span_id</c> is 8 bytes; neither may
/// be all zeros. A span with a bad ID is rejected (<see cref="OtlpConversionResult.RejectedSpans"/>, reason and
/// position in <see cref="OtlpConversionResult.ErrorMessage"/>); the others are kept. A reference with a bad ID is
/// dropped with a span warning. Go peers always send non-nullable Timestamp/Duration fields: Go's zero time
/// (<c>seconds = -62135596800</c>, <c>nanos = 0</c>) and a missing Timestamp mean "not given" (0), an empty or
/// missing Duration means 0. Other times before 1970 become 0 with a warning. A span equal to the empty message
/// is skipped, as upstream does. The span's <c>process_id</c> and <c>warnings</c> fields are ignored (upstream
/// ignores them too). Thread-safe.
/// </summary>
public sealed class JaegerProtoConverter
{
    /// <summary>Seconds of Go's zero <c>time.Time</c> (0001-01-01T00:00:00Z) relative to the Unix epoch.</summary>
    public const long GoZeroTimeSeconds = -62135596800;

    private const long NanosPerSecond = 1_000_000_000;

    private readonly KeyInterner _keys;

    public JaegerProtoConverter()
        : this(new KeyInterner())
    {
    }

    internal JaegerProtoConverter(KeyInterner keys) => _keys = keys;

    /// <summary>Converts a batch; a null batch converts to nothing.</summary>
    public OtlpConversionResult Convert(ProtoBatch? batch)
    {
        var rejections = new RejectionLog(" of the batch");
        if (batch is null || batch.Spans.Count == 0)
        {
            return rejections.ToResult([]);
        }

        var mapper = new JaegerSpanMapper(_keys);
        var spans = new List<Span>(batch.Spans.Count);
        var input = new JaegerSpanInput();
        Resource? batchResource = null;
        var batchWarnings = ImmutableArray<string>.Empty;
        for (var i = 0; i < batch.Spans.Count; i++)
        {
            var ps = batch.Spans[i];
            if (ps.CalculateSize() == 0)
            {
                continue;
            }

            if (!TryReadIds(ps, out var traceId, out var spanId, out var reason, out var detail))
            {
                rejections.Add(reason, i, detail);
                continue;
            }

            Resource resource;
            ImmutableArray<string> resourceWarnings;
            if (ps.Process is { } own && (own.ServiceName.Length != 0 || own.Tags.Count != 0))
            {
                resource = MapResource(mapper, own, out resourceWarnings);
            }
            else
            {
                batchResource ??= MapResource(mapper, batch.Process, out batchWarnings);
                resource = batchResource;
                resourceWarnings = batchWarnings;
            }

            input.Clear();
            input.TraceId = traceId;
            input.SpanId = spanId;
            input.OperationName = ps.OperationName;
            input.Flags = ps.Flags;
            FillTimes(ps, input);
            AddTags(ps.Tags, input.Tags);
            AddReferences(ps, input);
            foreach (var log in ps.Logs)
            {
                var fields = new List<KeyValue>(log.Fields.Count);
                AddTags(log.Fields, fields);
                input.Logs.Add(new JaegerLog(ToUnixNanos(log.Timestamp, "log timestamp", input.Warnings), fields));
            }

            spans.Add(mapper.MapSpan(input, resource, resourceWarnings));
        }

        return rejections.ToResult(spans);
    }

    /// <summary>Trace ID 16 bytes or 8 (low half), span ID 8 bytes; neither all zeros.</summary>
    internal static bool TryReadIds(ProtoSpan span, out TraceId traceId, out SpanId spanId, out RejectReason reason, out string detail)
    {
        spanId = default;
        reason = RejectReason.InvalidTraceId;
        if (!TryReadTraceId(span.TraceId, out traceId, out detail))
        {
            detail = "trace_id " + detail;
            return false;
        }

        reason = RejectReason.InvalidSpanId;
        if (!TryReadSpanId(span.SpanId, out spanId, out detail))
        {
            detail = "span_id " + detail;
            return false;
        }

        return true;
    }

    private static bool TryReadTraceId(ByteString bytes, out TraceId id, out string detail)
    {
        if (!TraceId.TryFromBytes(bytes.Span, out id))
        {
            detail = $"must be 8 or 16 bytes, got {bytes.Length}";
            return false;
        }

        detail = id.IsEmpty ? "must not be all zeros" : "";
        return !id.IsEmpty;
    }

    private static bool TryReadSpanId(ByteString bytes, out SpanId id, out string detail)
    {
        id = default;
        if (bytes.Length != 8)
        {
            detail = $"must be 8 bytes, got {bytes.Length}";
            return false;
        }

        SpanId.TryFromBytes(bytes.Span, out id);
        detail = id.IsEmpty ? "must not be all zeros" : "";
        return !id.IsEmpty;
    }

    private Resource MapResource(JaegerSpanMapper mapper, ProtoProcess? process, out ImmutableArray<string> warnings)
    {
        if (process is null)
        {
            return mapper.MapResource(false, "", [], out warnings);
        }

        var tags = new List<KeyValue>(process.Tags.Count);
        AddTags(process.Tags, tags);
        return mapper.MapResource(true, process.ServiceName, tags, out warnings);
    }

    private void AddTags(RepeatedField<ProtoKeyValue> tags, List<KeyValue> destination)
    {
        foreach (var tag in tags)
        {
            var number = (int)tag.VType;
            var value = JaegerTagTypes.TryFromProtobuf(number, out var type)
                ? JaegerTagTypes.ToValue(type, tag.VStr, tag.VBool, tag.VInt64, tag.VFloat64, type == JaegerTagType.Binary ? tag.VBinary.ToByteArray() : null)
                : JaegerTagTypes.Unknown(JaegerTagTypes.UnknownProtobufName(number));
            destination.Add(new KeyValue(_keys.Intern(tag.Key), value));
        }
    }

    private static void AddReferences(ProtoSpan span, JaegerSpanInput input)
    {
        for (var i = 0; i < span.References.Count; i++)
        {
            var reference = span.References[i];
            if (!TryReadTraceId(reference.TraceId, out var traceId, out var detail))
            {
                input.Warnings.Add($"reference {i} dropped: trace_id {detail}");
                continue;
            }

            if (!TryReadSpanId(reference.SpanId, out var spanId, out detail))
            {
                input.Warnings.Add($"reference {i} dropped: span_id {detail}");
                continue;
            }

            // Upstream treats every type other than CHILD_OF as FOLLOWS_FROM.
            var type = reference.RefType == ProtoSpanRefType.ChildOf ? JaegerReferenceType.ChildOf : JaegerReferenceType.FollowsFrom;
            input.References.Add(new JaegerReference(type, traceId, spanId));
        }
    }

    /// <summary>start = start_time; end = start_time + duration (saturating to the ulong range).</summary>
    private static void FillTimes(ProtoSpan span, JaegerSpanInput input)
    {
        var start = ToUnixNanos(span.StartTime, "start_time", input.Warnings);
        Int128 end = start;
        if (span.Duration is { } duration)
        {
            end += ((Int128)duration.Seconds * NanosPerSecond) + duration.Nanos;
        }

        input.StartTimeUnixNano = start;
        input.EndTimeUnixNano = end < 0 ? 0 : end > ulong.MaxValue ? ulong.MaxValue : (ulong)end;
    }

    /// <summary>Unix ns of a Timestamp; missing or Go's zero time → 0; before 1970 → 0 and past 2554 → max, with a warning.</summary>
    internal static ulong ToUnixNanos(Timestamp? timestamp, string field, List<string> warnings)
    {
        if (timestamp is null || (timestamp.Seconds == GoZeroTimeSeconds && timestamp.Nanos == 0))
        {
            return 0;
        }

        var nanos = ((Int128)timestamp.Seconds * NanosPerSecond) + timestamp.Nanos;
        if (nanos < 0)
        {
            warnings.Add($"{field} {timestamp.Seconds}s {timestamp.Nanos}ns is before the Unix epoch; set to 0");
            return 0;
        }

        if (nanos > ulong.MaxValue)
        {
            warnings.Add($"{field} {timestamp.Seconds}s is out of range; set to the largest time");
            return ulong.MaxValue;
        }

        return (ulong)nanos;
    }
}
