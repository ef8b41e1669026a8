using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Otlp;

public sealed partial class OtlpProtobufDecoder
{
    /// <summary>
    /// One span: its fields in any order (singular ones last-wins, status merged), then the converter's ID
    /// checks (a rejected span is logged and dropped) and sanitizers, in the converter's order.
    /// </summary>
    private void DecodeSpan(ProtoReader reader, SpanContext context, int spanIndex, DecodeScratch scratch, RejectionLog rejections)
    {
        ReadOnlySpan<byte> traceId = default, spanId = default, parentId = default;
        string traceState = "", name = "", statusMessage = "";
        ulong start = 0, end = 0;
        uint flags = 0, droppedAttributes = 0, droppedEvents = 0, droppedLinks = 0, invalidLinks = 0;
        int kind = 0, statusCode = 0, linkIndex = 0;
        var hasStatus = false;
        List<string>? lifted = null;
        var attributesStart = scratch.Attributes.Count;
        var eventsStart = scratch.Events.Count;
        var linksStart = scratch.Links.Count;
        var linkWarningsStart = scratch.LinkWarnings.Count;

        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1u << 3) | Delimited:
                    traceId = reader.ReadBytes();
                    break;
                case (2u << 3) | Delimited:
                    spanId = reader.ReadBytes();
                    break;
                case (3u << 3) | Delimited:
                    traceState = reader.ReadString();
                    break;
                case (4u << 3) | Delimited:
                    parentId = reader.ReadBytes();
                    break;
                case (5u << 3) | Delimited:
                    name = reader.ReadString();
                    break;
                case (6u << 3) | Varint:
                    kind = (int)reader.ReadVarint();
                    break;
                case (7u << 3) | Fixed64:
                    start = reader.ReadFixed64();
                    break;
                case (8u << 3) | Fixed64:
                    end = reader.ReadFixed64();
                    break;
                case (9u << 3) | Delimited:
                    var attribute = DecodeKeyValue(reader.ReadMessage(), scratch);
                    if (!_liftWarnings || !TryLiftWarnings(attribute, ref lifted))
                    {
                        scratch.Attributes.Push(attribute);
                    }

                    break;
                case (10u << 3) | Varint:
                    droppedAttributes = (uint)reader.ReadVarint();
                    break;
                case (11u << 3) | Delimited:
                    scratch.Events.Push(DecodeEvent(reader.ReadMessage(), scratch));
                    break;
                case (12u << 3) | Varint:
                    droppedEvents = (uint)reader.ReadVarint();
                    break;
                case (13u << 3) | Delimited:
                    DecodeLink(reader.ReadMessage(), linkIndex++, scratch, ref invalidLinks);
                    break;
                case (14u << 3) | Varint:
                    droppedLinks = (uint)reader.ReadVarint();
                    break;
                case (15u << 3) | Delimited:
                    hasStatus = true;
                    DecodeStatus(reader.ReadMessage(), ref statusCode, ref statusMessage);
                    break;
                case (16u << 3) | Fixed32:
                    flags = reader.ReadFixed32();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }

        if (!OtlpConverter.TryReadIds(traceId, spanId, parentId, out var traceIdValue, out var spanIdValue, out var parentIdValue, out var reason, out var detail))
        {
            rejections.Add(reason, context.ResourceIndex, context.ScopeIndex, spanIndex, detail);
            scratch.Attributes.Truncate(attributesStart);
            scratch.Events.Truncate(eventsStart);
            scratch.Links.Truncate(linksStart);
            scratch.LinkWarnings.RemoveRange(linkWarningsStart, scratch.LinkWarnings.Count - linkWarningsStart);
            return;
        }

        var resourceWarnings = context.ResourceWarnings;
        List<string>? warnings = null;
        if (lifted is not null)
        {
            // Lifted (stored) warnings first; resource and span sanitizer warnings follow, as AddWarning would add them.
            lifted.AddRange(resourceWarnings);
            warnings = lifted;
            resourceWarnings = [];
        }

        name = OtlpConverter.SanitizeName(name, ref warnings, resourceWarnings);
        end = OtlpConverter.SanitizeEndTime(start, end, ref warnings, resourceWarnings);
        var spanKind = OtlpConverter.SanitizeKind(kind, ref warnings, resourceWarnings);
        var status = SpanStatus.Unset;
        if (hasStatus)
        {
            status = new SpanStatus(OtlpConverter.SanitizeStatusCode(statusCode, ref warnings, resourceWarnings), statusMessage);
        }

        for (var i = linkWarningsStart; i < scratch.LinkWarnings.Count; i++)
        {
            OtlpConverter.AddWarning(ref warnings, resourceWarnings, scratch.LinkWarnings[i]);
        }

        scratch.LinkWarnings.RemoveRange(linkWarningsStart, scratch.LinkWarnings.Count - linkWarningsStart);

        scratch.Spans.Push(new Span
        {
            TraceId = traceIdValue,
            SpanId = spanIdValue,
            ParentSpanId = parentIdValue,
            TraceState = traceState,
            Flags = flags,
            Name = name,
            Kind = spanKind,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            Attributes = scratch.Attributes.Pop(attributesStart),
            DroppedAttributesCount = droppedAttributes,
            Events = scratch.Events.Pop(eventsStart),
            DroppedEventsCount = droppedEvents,
            Links = scratch.Links.Pop(linksStart),
            DroppedLinksCount = droppedLinks + invalidLinks,
            Status = status,
            Resource = context.Resource,
            Scope = context.Scope,
            Warnings = warnings is null ? resourceWarnings : [.. warnings],
        });
    }

    /// <summary>
    /// <see cref="OtlpProtobufDecoderOptions.LiftWarnings"/>: true (and the strings appended to <paramref name="lifted"/>)
    /// when <paramref name="attribute"/> is the warnings attribute holding an array of strings only.
    /// </summary>
    private static bool TryLiftWarnings(KeyValue attribute, ref List<string>? lifted)
    {
        if (attribute.Key != OtlpProtobufEncoder.WarningsAttributeKey || attribute.Value.Type != AttributeType.Array)
        {
            return false;
        }

        ImmutableArray<AttributeValue> values = attribute.Value.AsArray;
        foreach (var value in values)
        {
            if (value.Type != AttributeType.String)
            {
                return false;
            }
        }

        lifted ??= new List<string>(values.Length);
        foreach (var value in values)
        {
            lifted.Add(value.AsString);
        }

        return true;
    }

    private SpanEvent DecodeEvent(ProtoReader reader, DecodeScratch scratch)
    {
        var attributesStart = scratch.Attributes.Count;
        ulong time = 0;
        var name = "";
        uint dropped = 0;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1u << 3) | Fixed64:
                    time = reader.ReadFixed64();
                    break;
                case (2u << 3) | Delimited:
                    name = reader.ReadString();
                    break;
                case (3u << 3) | Delimited:
                    scratch.Attributes.Push(DecodeKeyValue(reader.ReadMessage(), scratch));
                    break;
                case (4u << 3) | Varint:
                    dropped = (uint)reader.ReadVarint();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }

        return new SpanEvent
        {
            TimeUnixNano = time,
            Name = name,
            Attributes = scratch.Attributes.Pop(attributesStart),
            DroppedAttributesCount = dropped,
        };
    }

    /// <summary>A valid link goes on the link stack; an invalid one is counted and its warning queued.</summary>
    private void DecodeLink(ProtoReader reader, int linkIndex, DecodeScratch scratch, ref uint invalidLinks)
    {
        var attributesStart = scratch.Attributes.Count;
        ReadOnlySpan<byte> traceId = default, spanId = default;
        var traceState = "";
        uint dropped = 0, flags = 0;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (1u << 3) | Delimited:
                    traceId = reader.ReadBytes();
                    break;
                case (2u << 3) | Delimited:
                    spanId = reader.ReadBytes();
                    break;
                case (3u << 3) | Delimited:
                    traceState = reader.ReadString();
                    break;
                case (4u << 3) | Delimited:
                    scratch.Attributes.Push(DecodeKeyValue(reader.ReadMessage(), scratch));
                    break;
                case (5u << 3) | Varint:
                    dropped = (uint)reader.ReadVarint();
                    break;
                case (6u << 3) | Fixed32:
                    flags = reader.ReadFixed32();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }

        if (!OtlpConverter.TryReadLinkIds(linkIndex, traceId, spanId, out var traceIdValue, out var spanIdValue, out var warning))
        {
            invalidLinks++;
            scratch.LinkWarnings.Add(warning);
            scratch.Attributes.Truncate(attributesStart);
            return;
        }

        scratch.Links.Push(new SpanLink
        {
            TraceId = traceIdValue,
            SpanId = spanIdValue,
            TraceState = traceState,
            Attributes = scratch.Attributes.Pop(attributesStart),
            DroppedAttributesCount = dropped,
            Flags = flags,
        });
    }

    /// <summary>Merges one occurrence of <c>Span.status</c> into the fields read so far.</summary>
    private static void DecodeStatus(ProtoReader reader, ref int code, ref string message)
    {
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case (2u << 3) | Delimited:
                    message = reader.ReadString();
                    break;
                case (3u << 3) | Varint:
                    code = (int)reader.ReadVarint();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
    }
}
