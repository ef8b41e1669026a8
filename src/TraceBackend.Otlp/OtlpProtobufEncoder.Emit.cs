using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TraceBackend.Model;
using static TraceBackend.Otlp.ProtoWriter;

namespace TraceBackend.Otlp;

/// <summary>
/// The write pass: the same walk as the size pass, taking each nested message's length from
/// <see cref="EncodeScratch.Sizes"/> in order (<c>at</c> is the next entry), fields in field-number order.
/// </summary>
public static partial class OtlpProtobufEncoder
{
    private static void Emit(IReadOnlyList<Span> spans, EncodeScratch scratch, ref ProtoWriter w, bool includeWarnings)
    {
        ReadOnlySpan<int> sizes = CollectionsMarshal.AsSpan(scratch.Sizes);
        var scopes = CollectionsMarshal.AsSpan(scratch.Scopes);
        var order = scratch.ScopeOrder;
        var spanOrder = scratch.SpanOrder;
        var at = 0;
        for (var p = 0; p < order.Count;)
        {
            var resourceGroup = scopes[order[p]].Resource;
            var resource = scratch.Resources[resourceGroup];
            w.WriteLengthPrefix(1, sizes[at++]);
            if (HasContent(resource))
            {
                w.WriteLengthPrefix(1, sizes[at++]);
                WriteAttributes(ref w, 1, resource.Attributes, sizes, ref at);
                WriteVarintField(ref w, 2, resource.DroppedAttributesCount);
            }

            for (; p < order.Count && scopes[order[p]].Resource == resourceGroup; p++)
            {
                var group = scopes[order[p]];
                w.WriteLengthPrefix(2, sizes[at++]);
                if (HasContent(group.Scope))
                {
                    WriteScope(ref w, group.Scope, sizes, ref at);
                }

                for (var i = group.Start; i < group.Start + group.Count; i++)
                {
                    WriteSpan(ref w, spans[spanOrder[i]], sizes, ref at, includeWarnings);
                }
            }
        }
    }

    private static void WriteScope(ref ProtoWriter w, InstrumentationScope scope, ReadOnlySpan<int> sizes, ref int at)
    {
        w.WriteLengthPrefix(1, sizes[at++]);
        WriteStringField(ref w, 1, scope.Name);
        WriteStringField(ref w, 2, scope.Version);
        WriteAttributes(ref w, 3, scope.Attributes, sizes, ref at);
        WriteVarintField(ref w, 4, scope.DroppedAttributesCount);
    }

    private static void WriteSpan(ref ProtoWriter w, Span span, ReadOnlySpan<int> sizes, ref int at, bool includeWarnings)
    {
        w.WriteLengthPrefix(2, sizes[at++]);
        w.WriteLengthPrefix(1, 16);
        span.TraceId.WriteBytes(w.GetSpan(16));
        w.Advance(16);
        WriteSpanId(ref w, 2, span.SpanId);
        WriteStringField(ref w, 3, span.TraceState);
        if (!span.ParentSpanId.IsEmpty)
        {
            WriteSpanId(ref w, 4, span.ParentSpanId);
        }

        WriteStringField(ref w, 5, span.Name);
        WriteVarintField(ref w, 6, (uint)span.Kind);
        WriteFixed64Field(ref w, 7, span.StartTimeUnixNano);
        WriteFixed64Field(ref w, 8, span.EndTimeUnixNano);
        WriteAttributes(ref w, 9, span.Attributes, sizes, ref at);
        if (includeWarnings && !span.Warnings.IsDefaultOrEmpty)
        {
            WriteWarnings(ref w, span.Warnings, sizes, ref at);
        }

        WriteVarintField(ref w, 10, span.DroppedAttributesCount);
        foreach (var e in span.Events)
        {
            w.WriteLengthPrefix(11, sizes[at++]);
            WriteFixed64Field(ref w, 1, e.TimeUnixNano);
            WriteStringField(ref w, 2, e.Name);
            WriteAttributes(ref w, 3, e.Attributes, sizes, ref at);
            WriteVarintField(ref w, 4, e.DroppedAttributesCount);
        }

        WriteVarintField(ref w, 12, span.DroppedEventsCount);
        foreach (var link in span.Links)
        {
            w.WriteLengthPrefix(13, sizes[at++]);
            w.WriteLengthPrefix(1, 16);
            link.TraceId.WriteBytes(w.GetSpan(16));
            w.Advance(16);
            WriteSpanId(ref w, 2, link.SpanId);
            WriteStringField(ref w, 3, link.TraceState);
            WriteAttributes(ref w, 4, link.Attributes, sizes, ref at);
            WriteVarintField(ref w, 5, link.DroppedAttributesCount);
            WriteFixed32Field(ref w, 6, link.Flags);
        }

        WriteVarintField(ref w, 14, span.DroppedLinksCount);
        if (HasStatus(span.Status))
        {
            w.WriteLengthPrefix(15, sizes[at++]);
            WriteStringField(ref w, 2, span.Status.Message ?? "");
            WriteVarintField(ref w, 3, (uint)span.Status.Code);
        }

        WriteFixed32Field(ref w, 16, span.Flags);
    }

    private static void WriteAttributes(ref ProtoWriter w, int field, ImmutableArray<KeyValue> attributes, ReadOnlySpan<int> sizes, ref int at)
    {
        foreach (var kv in attributes)
        {
            w.WriteLengthPrefix(field, sizes[at++]);
            WriteStringField(ref w, 1, kv.Key ?? "");
            WriteAnyValue(ref w, 2, kv.Value, sizes, ref at);
        }
    }

    /// <summary>Span field 9 entry <see cref="WarningsAttributeKey"/> = array of strings; sizes from <see cref="SizeWarnings"/>.</summary>
    private static void WriteWarnings(ref ProtoWriter w, ImmutableArray<string> warnings, ReadOnlySpan<int> sizes, ref int at)
    {
        w.WriteLengthPrefix(9, sizes[at++]);
        w.WriteString(1, WarningsAttributeKey);
        w.WriteLengthPrefix(2, sizes[at++]);
        w.WriteLengthPrefix(5, sizes[at++]);
        foreach (var warning in warnings)
        {
            w.WriteLengthPrefix(1, sizes[at++]);
            w.WriteString(1, warning ?? "");
        }
    }

    private static void WriteAnyValue(ref ProtoWriter w, int field, AttributeValue value, ReadOnlySpan<int> sizes, ref int at)
    {
        w.WriteLengthPrefix(field, sizes[at++]);
        switch (value.Type)
        {
            case AttributeType.Empty:
                break;
            case AttributeType.String:
                w.WriteString(1, value.AsString);
                break;
            case AttributeType.Bool:
                w.WriteTag(2, WireVarint);
                w.WriteVarint(value.AsBool ? 1u : 0u);
                break;
            case AttributeType.Int:
                w.WriteTag(3, WireVarint);
                w.WriteVarint((ulong)value.AsInt);
                break;
            case AttributeType.Double:
                w.WriteTag(4, WireFixed64);
                w.WriteFixed64(BitConverter.DoubleToUInt64Bits(value.AsDouble));
                break;
            case AttributeType.Bytes:
                w.WriteBytes(7, value.AsBytes);
                break;
            case AttributeType.Array:
                w.WriteLengthPrefix(5, sizes[at++]);
                foreach (var v in value.AsArray)
                {
                    WriteAnyValue(ref w, 1, v, sizes, ref at);
                }

                break;
            case AttributeType.KvList:
                w.WriteLengthPrefix(6, sizes[at++]);
                WriteAttributes(ref w, 1, value.AsKvList, sizes, ref at);
                break;
            default:
                throw new ArgumentException($"unknown attribute type {value.Type}");
        }
    }

    private static void WriteSpanId(ref ProtoWriter w, int field, SpanId id)
    {
        w.WriteLengthPrefix(field, 8);
        id.WriteBytes(w.GetSpan(8));
        w.Advance(8);
    }

    private static void WriteStringField(ref ProtoWriter w, int field, string value)
    {
        if (value.Length != 0)
        {
            w.WriteString(field, value);
        }
    }

    private static void WriteVarintField(ref ProtoWriter w, int field, uint value)
    {
        if (value != 0)
        {
            w.WriteTag(field, WireVarint);
            w.WriteVarint(value);
        }
    }

    private static void WriteFixed64Field(ref ProtoWriter w, int field, ulong value)
    {
        if (value != 0)
        {
            w.WriteTag(field, WireFixed64);
            w.WriteFixed64(value);
        }
    }

    private static void WriteFixed32Field(ref ProtoWriter w, int field, uint value)
    {
        if (value != 0)
        {
            w.WriteTag(field, WireFixed32);
            w.WriteFixed32(value);
        }
    }
}
