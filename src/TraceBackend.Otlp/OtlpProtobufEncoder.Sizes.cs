using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TraceBackend.Model;
using static TraceBackend.Otlp.ProtoWriter;

namespace TraceBackend.Otlp;

/// <summary>
/// The size pass. Each message method reserves its entry in <see cref="EncodeScratch.Sizes"/> before sizing
/// its children (pre-order) and returns its payload length; the write pass walks the same messages in the same
/// order, so the two must omit exactly the same fields.
/// </summary>
public static partial class OtlpProtobufEncoder
{
    private const int TraceIdFieldSize = 1 + 1 + 16;
    private const int SpanIdFieldSize = 1 + 1 + 8;
    private const int Fixed64FieldSize = 1 + 8;
    private const int Fixed32FieldSize = 1 + 4;

    private static int SizeRequest(IReadOnlyList<Span> spans, EncodeScratch scratch, bool includeWarnings)
    {
        var sizes = scratch.Sizes;
        var scopes = CollectionsMarshal.AsSpan(scratch.Scopes);
        var order = scratch.ScopeOrder;
        var total = 0;
        for (var p = 0; p < order.Count;)
        {
            var resourceGroup = scopes[order[p]].Resource;
            var resource = scratch.Resources[resourceGroup];
            var at = Reserve(sizes);
            var body = HasContent(resource) ? DelimitedSize(1, SizeResource(resource, sizes)) : 0;
            for (; p < order.Count && scopes[order[p]].Resource == resourceGroup; p++)
            {
                body = checked(body + DelimitedSize(2, SizeScopeSpans(spans, scopes[order[p]], scratch, includeWarnings)));
            }

            sizes[at] = body;
            total = checked(total + DelimitedSize(1, body));
        }

        return total;
    }

    private static int SizeScopeSpans(IReadOnlyList<Span> spans, EncodeScratch.ScopeGroup group, EncodeScratch scratch, bool includeWarnings)
    {
        var sizes = scratch.Sizes;
        var at = Reserve(sizes);
        var body = HasContent(group.Scope) ? DelimitedSize(1, SizeScope(group.Scope, sizes)) : 0;
        var order = scratch.SpanOrder;
        for (var i = group.Start; i < group.Start + group.Count; i++)
        {
            body = checked(body + DelimitedSize(2, SizeSpan(spans[order[i]], sizes, includeWarnings)));
        }

        return sizes[at] = body;
    }

    private static int SizeResource(Resource resource, List<int> sizes)
    {
        var at = Reserve(sizes);
        return sizes[at] = SizeAttributes(1, resource.Attributes, sizes) + VarintFieldSize(resource.DroppedAttributesCount);
    }

    private static int SizeScope(InstrumentationScope scope, List<int> sizes)
    {
        var at = Reserve(sizes);
        return sizes[at] = checked(StringFieldSize(scope.Name) + StringFieldSize(scope.Version)
            + SizeAttributes(3, scope.Attributes, sizes) + VarintFieldSize(scope.DroppedAttributesCount));
    }

    private static int SizeSpan(Span span, List<int> sizes, bool includeWarnings)
    {
        var at = Reserve(sizes);
        var body = TraceIdFieldSize + SpanIdFieldSize + StringFieldSize(span.TraceState)
            + (span.ParentSpanId.IsEmpty ? 0 : SpanIdFieldSize)
            + StringFieldSize(span.Name)
            + VarintFieldSize((uint)span.Kind)
            + (span.StartTimeUnixNano != 0 ? Fixed64FieldSize : 0)
            + (span.EndTimeUnixNano != 0 ? Fixed64FieldSize : 0);
        body = checked(body + SizeAttributes(9, span.Attributes, sizes) + VarintFieldSize(span.DroppedAttributesCount));
        if (includeWarnings && !span.Warnings.IsDefaultOrEmpty)
        {
            body = checked(body + DelimitedSize(9, SizeWarnings(span.Warnings, sizes)));
        }

        foreach (var e in span.Events)
        {
            body = checked(body + DelimitedSize(11, SizeEvent(e, sizes)));
        }

        body += VarintFieldSize(span.DroppedEventsCount);
        foreach (var link in span.Links)
        {
            body = checked(body + DelimitedSize(13, SizeLink(link, sizes)));
        }

        body += VarintFieldSize(span.DroppedLinksCount);
        if (HasStatus(span.Status))
        {
            body = checked(body + DelimitedSize(15, SizeStatus(span.Status, sizes)));
        }

        if (span.Flags != 0)
        {
            body += TagSize(16) + 4;
        }

        return sizes[at] = body;
    }

    private static int SizeEvent(SpanEvent e, List<int> sizes)
    {
        var at = Reserve(sizes);
        return sizes[at] = checked((e.TimeUnixNano != 0 ? Fixed64FieldSize : 0) + StringFieldSize(e.Name)
            + SizeAttributes(3, e.Attributes, sizes) + VarintFieldSize(e.DroppedAttributesCount));
    }

    private static int SizeLink(SpanLink link, List<int> sizes)
    {
        var at = Reserve(sizes);
        return sizes[at] = checked(TraceIdFieldSize + SpanIdFieldSize + StringFieldSize(link.TraceState)
            + SizeAttributes(4, link.Attributes, sizes) + VarintFieldSize(link.DroppedAttributesCount)
            + (link.Flags != 0 ? Fixed32FieldSize : 0));
    }

    private static int SizeStatus(SpanStatus status, List<int> sizes)
    {
        var at = Reserve(sizes);
        return sizes[at] = StringFieldSize(status.Message ?? "") + VarintFieldSize((uint)status.Code);
    }

    /// <summary>The repeated <c>KeyValue</c> field <paramref name="field"/>: every entry, in order.</summary>
    private static int SizeAttributes(int field, ImmutableArray<KeyValue> attributes, List<int> sizes)
    {
        var total = 0;
        foreach (var kv in attributes)
        {
            total = checked(total + DelimitedSize(field, SizeKeyValue(kv, sizes)));
        }

        return total;
    }

    /// <summary>The key when non-empty; the value always (an Empty value as an empty <c>AnyValue</c>).</summary>
    private static int SizeKeyValue(KeyValue kv, List<int> sizes)
    {
        var at = Reserve(sizes);
        return sizes[at] = checked(StringFieldSize(kv.Key ?? "") + DelimitedSize(2, SizeAnyValue(kv.Value, sizes)));
    }

    /// <summary>The set case is always written, default or not.</summary>
    private static int SizeAnyValue(AttributeValue value, List<int> sizes)
    {
        var at = Reserve(sizes);
        return sizes[at] = value.Type switch
        {
            AttributeType.Empty => 0,
            AttributeType.String => DelimitedSize(1, Utf8Length(value.AsString)),
            AttributeType.Bool => 1 + 1,
            AttributeType.Int => 1 + VarintSize((ulong)value.AsInt),
            AttributeType.Double => Fixed64FieldSize,
            AttributeType.Bytes => DelimitedSize(7, value.AsBytes.Length),
            AttributeType.Array => DelimitedSize(5, SizeArrayValue(value.AsArray, sizes)),
            AttributeType.KvList => DelimitedSize(6, SizeKeyValueList(value.AsKvList, sizes)),
            _ => throw new ArgumentException($"unknown attribute type {value.Type}"),
        };
    }

    /// <summary>
    /// The <see cref="WarningsAttributeKey"/> <c>KeyValue</c>, reserving entries exactly as <see cref="SizeKeyValue"/>
    /// would for an array of string values (key/value, any value, array, each element), without building one.
    /// </summary>
    private static int SizeWarnings(ImmutableArray<string> warnings, List<int> sizes)
    {
        var keyValueAt = Reserve(sizes);
        var anyValueAt = Reserve(sizes);
        var arrayAt = Reserve(sizes);
        var array = 0;
        foreach (var warning in warnings)
        {
            var elementAt = Reserve(sizes);
            sizes[elementAt] = DelimitedSize(1, Utf8Length(warning ?? ""));
            array = checked(array + DelimitedSize(1, sizes[elementAt]));
        }

        sizes[arrayAt] = array;
        sizes[anyValueAt] = DelimitedSize(5, array);
        return sizes[keyValueAt] = checked(StringFieldSize(WarningsAttributeKey) + DelimitedSize(2, sizes[anyValueAt]));
    }

    private static int SizeArrayValue(ImmutableArray<AttributeValue> values, List<int> sizes)
    {
        var at = Reserve(sizes);
        var body = 0;
        foreach (var v in values)
        {
            body = checked(body + DelimitedSize(1, SizeAnyValue(v, sizes)));
        }

        return sizes[at] = body;
    }

    private static int SizeKeyValueList(ImmutableArray<KeyValue> values, List<int> sizes)
    {
        var at = Reserve(sizes);
        return sizes[at] = SizeAttributes(1, values, sizes);
    }

    private static int Reserve(List<int> sizes)
    {
        sizes.Add(0);
        return sizes.Count - 1;
    }

    /// <summary>A proto3 string field: nothing when empty. Field numbers here are all below 16 (one-byte tags).</summary>
    private static int StringFieldSize(string value) => value.Length == 0 ? 0 : DelimitedSize(1, Utf8Length(value));

    /// <summary>A proto3 varint field below field 16: nothing when zero.</summary>
    private static int VarintFieldSize(uint value) => value == 0 ? 0 : 1 + VarintSize(value);
}
