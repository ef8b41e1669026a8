using Google.Protobuf;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;
using ProtoStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace TraceBackend.Otlp;

/// <summary>Span, event, link and status readers; span IDs that are not hex reject only their span.</summary>
internal ref partial struct OtlpJsonParser
{
    private static readonly string[] s_spanKindNames =
    [
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER",
    ];

    private static readonly string[] s_statusCodeNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

    private ProtoSpan ReadSpan()
    {
        var span = new ProtoSpan();
        if (!BeginObject())
        {
            return span;
        }

        while (NextProperty())
        {
            if (IsNull())
            {
                continue;
            }

            if (Is("traceId"u8, "trace_id"u8))
            {
                span.TraceId = ReadSpanId(span, RejectReason.InvalidTraceId, "trace_id");
            }
            else if (Is("spanId"u8, "span_id"u8))
            {
                span.SpanId = ReadSpanId(span, RejectReason.InvalidSpanId, "span_id");
            }
            else if (Is("parentSpanId"u8, "parent_span_id"u8))
            {
                span.ParentSpanId = ReadSpanId(span, RejectReason.InvalidParentSpanId, "parent_span_id");
            }
            else if (Is("traceState"u8, "trace_state"u8))
            {
                span.TraceState = ReadString();
            }
            else if (Is("flags"u8))
            {
                span.Flags = ReadUInt32();
            }
            else if (Is("name"u8))
            {
                span.Name = ReadString();
            }
            else if (Is("kind"u8))
            {
                span.Kind = (ProtoSpan.Types.SpanKind)ReadEnum(s_spanKindNames);
            }
            else if (Is("startTimeUnixNano"u8, "start_time_unix_nano"u8))
            {
                span.StartTimeUnixNano = ReadUInt64();
            }
            else if (Is("endTimeUnixNano"u8, "end_time_unix_nano"u8))
            {
                span.EndTimeUnixNano = ReadUInt64();
            }
            else if (Is("attributes"u8))
            {
                ReadKeyValues(span.Attributes);
            }
            else if (Is("droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                span.DroppedAttributesCount = ReadUInt32();
            }
            else if (Is("events"u8))
            {
                if (BeginArray())
                {
                    while (NextElement())
                    {
                        span.Events.Add(ReadEvent());
                    }
                }
            }
            else if (Is("droppedEventsCount"u8, "dropped_events_count"u8))
            {
                span.DroppedEventsCount = ReadUInt32();
            }
            else if (Is("links"u8))
            {
                if (BeginArray())
                {
                    while (NextElement())
                    {
                        span.Links.Add(ReadLink());
                    }
                }
            }
            else if (Is("droppedLinksCount"u8, "dropped_links_count"u8))
            {
                span.DroppedLinksCount = ReadUInt32();
            }
            else if (Is("status"u8))
            {
                span.Status = ReadStatus();
            }
            else
            {
                SkipValue();
            }
        }

        return span;
    }

    /// <summary>A span's own ID field; text that is not hex rejects the span instead of the request.</summary>
    private ByteString ReadSpanId(ProtoSpan span, RejectReason reason, string field)
    {
        var bytes = ReadHexId(out var error);
        if (bytes is null)
        {
            AddIdError(span, reason, field + " " + error);
            return ByteString.Empty;
        }

        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>A link's ID; text that is not hex leaves it empty, so the converter drops the link.</summary>
    private ByteString ReadLinkId()
    {
        var bytes = ReadHexId(out _);
        return bytes is null ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(bytes);
    }

    private ProtoSpan.Types.Event ReadEvent()
    {
        var e = new ProtoSpan.Types.Event();
        if (!BeginObject())
        {
            return e;
        }

        while (NextProperty())
        {
            if (IsNull())
            {
                continue;
            }

            if (Is("timeUnixNano"u8, "time_unix_nano"u8))
            {
                e.TimeUnixNano = ReadUInt64();
            }
            else if (Is("name"u8))
            {
                e.Name = ReadString();
            }
            else if (Is("attributes"u8))
            {
                ReadKeyValues(e.Attributes);
            }
            else if (Is("droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                e.DroppedAttributesCount = ReadUInt32();
            }
            else
            {
                SkipValue();
            }
        }

        return e;
    }

    private ProtoSpan.Types.Link ReadLink()
    {
        var link = new ProtoSpan.Types.Link();
        if (!BeginObject())
        {
            return link;
        }

        while (NextProperty())
        {
            if (IsNull())
            {
                continue;
            }

            if (Is("traceId"u8, "trace_id"u8))
            {
                link.TraceId = ReadLinkId();
            }
            else if (Is("spanId"u8, "span_id"u8))
            {
                link.SpanId = ReadLinkId();
            }
            else if (Is("traceState"u8, "trace_state"u8))
            {
                link.TraceState = ReadString();
            }
            else if (Is("attributes"u8))
            {
                ReadKeyValues(link.Attributes);
            }
            else if (Is("droppedAttributesCount"u8, "dropped_attributes_count"u8))
            {
                link.DroppedAttributesCount = ReadUInt32();
            }
            else if (Is("flags"u8))
            {
                link.Flags = ReadUInt32();
            }
            else
            {
                SkipValue();
            }
        }

        return link;
    }

    private ProtoStatus ReadStatus()
    {
        var status = new ProtoStatus();
        if (!BeginObject())
        {
            return status;
        }

        while (NextProperty())
        {
            if (IsNull())
            {
                continue;
            }

            if (Is("code"u8))
            {
                status.Code = (ProtoStatus.Types.StatusCode)ReadEnum(s_statusCodeNames);
            }
            else if (Is("message"u8))
            {
                status.Message = ReadString();
            }
            else
            {
                SkipValue();
            }
        }

        return status;
    }
}
