using System.Net;
using Google.Protobuf;
using TraceBackend.Model;
using TraceBackend.Otlp;
using ProtoEndpoint = Zipkin.Proto3.Endpoint;
using ProtoList = Zipkin.Proto3.ListOfSpans;
using ProtoSpan = Zipkin.Proto3.Span;

namespace TraceBackend.Collector.Zipkin;

/// <summary>
/// Decodes a Zipkin proto3 <c>ListOfSpans</c> (<c>schema/zipkin/zipkin.proto</c>) into model spans with the same
/// mapping as <see cref="ZipkinJsonDecoder"/>. Malformed protobuf, or an endpoint address that is not 4 (ipv4) or
/// 16 (ipv6) bytes, fails the whole request with a <see cref="ZipkinDecodeException"/>. A <c>trace_id</c> that is
/// not 8 or 16 bytes, an <c>id</c> that is not 8 bytes, a <c>parent_id</c> that is neither empty nor 8 bytes, or
/// an all-zero trace or span ID rejects only its span. Fixed64 <c>timestamp</c> 0 means absent.
/// </summary>
internal static class ZipkinProtobufDecoder
{
    /// <exception cref="ZipkinDecodeException">The payload is not a valid Zipkin <c>ListOfSpans</c>.</exception>
    public static OtlpConversionResult Decode(ReadOnlySpan<byte> payload)
    {
        ProtoList list;
        try
        {
            list = ProtoList.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ZipkinDecodeException($"invalid Zipkin protobuf: {ex.Message}", ex);
        }

        var spans = new List<Span>(list.Spans.Count);
        var rejections = new RejectionLog();
        var mapper = new ZipkinSpanMapper();
        for (var i = 0; i < list.Spans.Count; i++)
        {
            var fields = ReadSpan(list.Spans[i], i, rejections);
            if (fields is not null)
            {
                spans.Add(mapper.Map(fields, i));
            }
        }

        return rejections.ToResult(spans);
    }

    private static ZipkinSpanFields? ReadSpan(ProtoSpan ps, int index, RejectionLog rejections)
    {
        var fields = new ZipkinSpanFields
        {
            Name = ps.Name,
            TimestampMicros = ps.Timestamp == 0 ? null : ps.Timestamp,
            DurationMicros = ps.Duration,
            LocalEndpoint = ReadEndpoint(ps.LocalEndpoint, index, "local_endpoint"),
            RemoteEndpoint = ReadEndpoint(ps.RemoteEndpoint, index, "remote_endpoint"),
        };

        switch (ps.Kind)
        {
            case ProtoSpan.Types.Kind.SpanKindUnspecified:
                break;
            case ProtoSpan.Types.Kind.Client:
                fields.Kind = SpanKind.Client;
                break;
            case ProtoSpan.Types.Kind.Server:
                fields.Kind = SpanKind.Server;
                break;
            case ProtoSpan.Types.Kind.Producer:
                fields.Kind = SpanKind.Producer;
                break;
            case ProtoSpan.Types.Kind.Consumer:
                fields.Kind = SpanKind.Consumer;
                break;
            default:
                fields.UnknownKind = ((int)ps.Kind).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        foreach (var a in ps.Annotations)
        {
            fields.Annotations.Add((a.Timestamp, a.Value));
        }

        foreach (var tag in ps.Tags)
        {
            fields.Tags.Add(tag);
        }

        var traceBytes = ps.TraceId.Span;
        if (!TraceId.TryFromBytes(traceBytes, out var traceId))
        {
            rejections.Add(RejectReason.InvalidTraceId, index, $"trace_id must be 8 or 16 bytes, got {traceBytes.Length}");
            return null;
        }

        if (traceId.IsEmpty)
        {
            rejections.Add(RejectReason.InvalidTraceId, index, "trace_id must not be all zeros");
            return null;
        }

        if (!OtlpConverter.TryReadSpanId(ps.Id.Span, out var spanId, out var detail))
        {
            rejections.Add(RejectReason.InvalidSpanId, index, "id " + detail);
            return null;
        }

        var parentBytes = ps.ParentId.Span;
        if (parentBytes.Length is not (0 or 8))
        {
            rejections.Add(RejectReason.InvalidParentSpanId, index, $"parent_id must be empty or 8 bytes, got {parentBytes.Length}");
            return null;
        }

        fields.TraceId = traceId;
        fields.SpanId = spanId;
        if (parentBytes.Length == 8)
        {
            SpanId.TryFromBytes(parentBytes, out var parentId);
            fields.ParentId = parentId;
        }

        return fields;
    }

    private static ZipkinEndpoint? ReadEndpoint(ProtoEndpoint? e, int index, string name)
    {
        if (e is null)
        {
            return null;
        }

        if (e.Port is < 0 or > 65535)
        {
            throw new ZipkinDecodeException($"invalid Zipkin protobuf: span {index}: {name}.port must be from 0 to 65535, got {e.Port}");
        }

        return new ZipkinEndpoint
        {
            ServiceName = e.ServiceName,
            Ipv4 = ReadIp(e.Ipv4, 4, index, name + ".ipv4"),
            Ipv6 = ReadIp(e.Ipv6, 16, index, name + ".ipv6"),
            Port = e.Port,
        };
    }

    private static IPAddress? ReadIp(ByteString bytes, int length, int index, string field)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        return bytes.Length == length
            ? new IPAddress(bytes.Span)
            : throw new ZipkinDecodeException($"invalid Zipkin protobuf: span {index}: {field} must be {length} bytes, got {bytes.Length}");
    }
}
