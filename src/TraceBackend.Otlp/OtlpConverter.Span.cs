using System.Collections.Immutable;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using TraceBackend.Model;
using ModelKeyValue = TraceBackend.Model.KeyValue;
using ModelScope = TraceBackend.Model.InstrumentationScope;
using ProtoKeyValue = OpenTelemetry.Proto.Common.V1.KeyValue;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.Otlp;

public sealed partial class OtlpConverter
{
    private Span ConvertSpan(
        ProtoSpan ps, TraceId traceId, SpanId spanId, SpanId parentId, Resource resource, ModelScope scope, ImmutableArray<string> resourceWarnings)
    {
        List<string>? warnings = null;

        var name = SanitizeName(ps.Name, ref warnings, resourceWarnings);
        var start = ps.StartTimeUnixNano;
        var end = SanitizeEndTime(start, ps.EndTimeUnixNano, ref warnings, resourceWarnings);
        var kind = SanitizeKind((int)ps.Kind, ref warnings, resourceWarnings);
        var status = SpanStatus.Unset;
        if (ps.Status is { } ts)
        {
            status = new SpanStatus(SanitizeStatusCode((int)ts.Code, ref warnings, resourceWarnings), ts.Message);
        }

        var links = ConvertLinks(ps.Links, ref warnings, resourceWarnings, out var droppedLinks);

        return new Span
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentId,
            TraceState = ps.TraceState,
            Flags = ps.Flags,
            Name = name,
            Kind = kind,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
            Attributes = ConvertAttributes(ps.Attributes),
            DroppedAttributesCount = ps.DroppedAttributesCount,
            Events = ConvertEvents(ps.Events),
            DroppedEventsCount = ps.DroppedEventsCount,
            Links = links,
            DroppedLinksCount = ps.DroppedLinksCount + droppedLinks,
            Status = status,
            Resource = resource,
            Scope = scope,
            Warnings = warnings is null ? resourceWarnings : [.. warnings],
        };
    }

    // The sanitizers below are shared with OtlpProtobufDecoder and must be applied in this order (name, end
    // time, kind, status code, then links), so both paths give the same warnings in the same order.

    /// <summary>An empty name becomes <see cref="SpanSanitizer.EmptySpanName"/>, with a warning.</summary>
    internal static string SanitizeName(string name, ref List<string>? warnings, ImmutableArray<string> resourceWarnings)
    {
        if (name.Length != 0)
        {
            return name;
        }

        AddWarning(ref warnings, resourceWarnings, SpanSanitizer.EmptySpanNameWarning);
        return SpanSanitizer.EmptySpanName;
    }

    /// <summary>End ≤ start becomes start + 1 ns (saturating), with a warning.</summary>
    internal static ulong SanitizeEndTime(ulong start, ulong end, ref List<string>? warnings, ImmutableArray<string> resourceWarnings)
    {
        if (!SpanSanitizer.NeedsEndTimeFix(start, end))
        {
            return end;
        }

        AddWarning(ref warnings, resourceWarnings, SpanSanitizer.EndTimeWarning(start, end));
        return start == ulong.MaxValue ? start : start + 1;
    }

    /// <summary>An unknown kind becomes unspecified, with a warning.</summary>
    internal static SpanKind SanitizeKind(int kind, ref List<string>? warnings, ImmutableArray<string> resourceWarnings)
    {
        if (kind is < 0 or > (int)SpanKind.Consumer)
        {
            AddWarning(ref warnings, resourceWarnings, $"unknown span kind {kind}; treated as unspecified");
            kind = 0;
        }

        return (SpanKind)kind;
    }

    /// <summary>An unknown status code becomes unset, with a warning.</summary>
    internal static StatusCode SanitizeStatusCode(int code, ref List<string>? warnings, ImmutableArray<string> resourceWarnings)
    {
        if (code is < 0 or > (int)StatusCode.Error)
        {
            AddWarning(ref warnings, resourceWarnings, $"unknown status code {code}; treated as unset");
            code = 0;
        }

        return (StatusCode)code;
    }

    /// <summary>
    /// The IDs of link <paramref name="index"/>; false with the warning to add when one is invalid (the link is
    /// dropped and counted, not the span).
    /// </summary>
    internal static bool TryReadLinkIds(
        int index, ReadOnlySpan<byte> traceIdBytes, ReadOnlySpan<byte> spanIdBytes, out TraceId traceId, out SpanId spanId, out string warning)
    {
        spanId = default;
        if (!TryReadTraceId(traceIdBytes, out traceId, out var detail))
        {
            warning = $"link {index} dropped: trace_id {detail}";
            return false;
        }

        if (!TryReadSpanId(spanIdBytes, out spanId, out detail))
        {
            warning = $"link {index} dropped: span_id {detail}";
            return false;
        }

        warning = "";
        return true;
    }

    /// <summary>Starts the span's own warning list from the resource's (shared until a span adds one).</summary>
    internal static void AddWarning(ref List<string>? warnings, ImmutableArray<string> resourceWarnings, string warning)
    {
        warnings ??= [.. resourceWarnings];
        warnings.Add(warning);
    }

    private ImmutableArray<SpanEvent> ConvertEvents(RepeatedField<ProtoSpan.Types.Event> events)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<SpanEvent>(events.Count);
        foreach (var e in events)
        {
            builder.Add(new SpanEvent
            {
                TimeUnixNano = e.TimeUnixNano,
                Name = e.Name,
                Attributes = ConvertAttributes(e.Attributes),
                DroppedAttributesCount = e.DroppedAttributesCount,
            });
        }

        return builder.MoveToImmutable();
    }

    /// <summary>Links with an invalid trace or span ID are dropped (counted and warned), not the span.</summary>
    private ImmutableArray<SpanLink> ConvertLinks(
        RepeatedField<ProtoSpan.Types.Link> links, ref List<string>? warnings, ImmutableArray<string> resourceWarnings, out uint dropped)
    {
        dropped = 0;
        if (links.Count == 0)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<SpanLink>(links.Count);
        for (var i = 0; i < links.Count; i++)
        {
            var l = links[i];
            if (!TryReadLinkIds(i, l.TraceId.Span, l.SpanId.Span, out var traceId, out var spanId, out var warning))
            {
                dropped++;
                AddWarning(ref warnings, resourceWarnings, warning);
                continue;
            }

            builder.Add(new SpanLink
            {
                TraceId = traceId,
                SpanId = spanId,
                TraceState = l.TraceState,
                Attributes = ConvertAttributes(l.Attributes),
                DroppedAttributesCount = l.DroppedAttributesCount,
                Flags = l.Flags,
            });
        }

        return builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable();
    }

    private ImmutableArray<ModelKeyValue> ConvertAttributes(RepeatedField<ProtoKeyValue> attributes)
    {
        if (attributes.Count == 0)
        {
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<ModelKeyValue>(attributes.Count);
        foreach (var kv in attributes)
        {
            builder.Add(new ModelKeyValue(_keys.Intern(kv.Key), ConvertValue(kv.Value)));
        }

        return builder.MoveToImmutable();
    }

    /// <summary>Every <c>AnyValue</c> case maps to the same <see cref="AttributeType"/>; unset is Empty.</summary>
    private AttributeValue ConvertValue(AnyValue? value)
    {
        if (value is null)
        {
            return AttributeValue.Empty;
        }

        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                return AttributeValue.String(value.StringValue);
            case AnyValue.ValueOneofCase.BoolValue:
                return AttributeValue.Bool(value.BoolValue);
            case AnyValue.ValueOneofCase.IntValue:
                return AttributeValue.Int(value.IntValue);
            case AnyValue.ValueOneofCase.DoubleValue:
                return AttributeValue.Double(value.DoubleValue);
            case AnyValue.ValueOneofCase.BytesValue:
                return AttributeValue.Bytes(value.BytesValue.ToByteArray());
            case AnyValue.ValueOneofCase.ArrayValue:
                var items = value.ArrayValue.Values;
                var array = ImmutableArray.CreateBuilder<AttributeValue>(items.Count);
                foreach (var item in items)
                {
                    array.Add(ConvertValue(item));
                }

                return AttributeValue.Array(array.MoveToImmutable());
            case AnyValue.ValueOneofCase.KvlistValue:
                return AttributeValue.KvList(ConvertAttributes(value.KvlistValue.Values));
            default:
                return AttributeValue.Empty;
        }
    }
}
