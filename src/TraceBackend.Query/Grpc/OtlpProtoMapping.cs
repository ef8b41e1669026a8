using Google.Protobuf;
using TraceBackend.Model;
using TraceBackend.Query.Json;
using Common = OpenTelemetry.Proto.Common.V1;
using OtlpTrace = OpenTelemetry.Proto.Trace.V1;

namespace TraceBackend.Query.Grpc;

/// <summary>
/// Model → OTLP protobuf <c>TracesData</c>, carrying what the /api/v3 HTTP responses carry
/// (<see cref="OtlpJsonWriter"/>): the same resource/scope grouping (<see cref="OtlpGrouping"/>), all span fields, and
/// span warnings as the <c>@jaeger@warnings</c> string-array attribute after the span's own attributes.
/// </summary>
internal static class OtlpProtoMapping
{
    public static OtlpTrace.TracesData ToTracesData(IEnumerable<Trace> traces)
    {
        var data = new OtlpTrace.TracesData();
        foreach (var group in OtlpGrouping.Group(traces))
        {
            var resourceSpans = new OtlpTrace.ResourceSpans
            {
                Resource = new OpenTelemetry.Proto.Resource.V1.Resource { DroppedAttributesCount = group.Resource.DroppedAttributesCount },
            };
            AddAll(resourceSpans.Resource.Attributes, group.Resource.Attributes);
            foreach (var scopeGroup in group.Scopes)
            {
                var scope = scopeGroup.Scope;
                var scopeSpans = new OtlpTrace.ScopeSpans
                {
                    Scope = new Common.InstrumentationScope
                    {
                        Name = scope.Name,
                        Version = scope.Version,
                        DroppedAttributesCount = scope.DroppedAttributesCount,
                    },
                };
                AddAll(scopeSpans.Scope.Attributes, scope.Attributes);
                foreach (var span in scopeGroup.Spans)
                {
                    scopeSpans.Spans.Add(ToProto(span));
                }

                resourceSpans.ScopeSpans.Add(scopeSpans);
            }

            data.ResourceSpans.Add(resourceSpans);
        }

        return data;
    }

    public static OtlpTrace.Span ToProto(Span span)
    {
        var proto = new OtlpTrace.Span
        {
            TraceId = ApiV2ProtoMapping.TraceIdBytes(span.TraceId),
            SpanId = ApiV2ProtoMapping.SpanIdBytes(span.SpanId),
            TraceState = span.TraceState,
            ParentSpanId = span.ParentSpanId.IsEmpty ? ByteString.Empty : ApiV2ProtoMapping.SpanIdBytes(span.ParentSpanId),
            Flags = span.Flags,
            Name = span.Name,
            Kind = (OtlpTrace.Span.Types.SpanKind)span.Kind,
            StartTimeUnixNano = span.StartTimeUnixNano,
            EndTimeUnixNano = span.EndTimeUnixNano,
            DroppedAttributesCount = span.DroppedAttributesCount,
            DroppedEventsCount = span.DroppedEventsCount,
            DroppedLinksCount = span.DroppedLinksCount,
            Status = new OtlpTrace.Status { Code = (OtlpTrace.Status.Types.StatusCode)span.Status.Code, Message = span.Status.Message ?? "" },
        };
        AddAll(proto.Attributes, span.Attributes);
        if (!span.Warnings.IsDefaultOrEmpty)
        {
            proto.Attributes.Add(KeyValue(
                OtlpJsonWriter.WarningsAttribute,
                AttributeValue.Array([.. span.Warnings.Select(AttributeValue.String)])));
        }

        foreach (var e in span.Events)
        {
            var ev = new OtlpTrace.Span.Types.Event { TimeUnixNano = e.TimeUnixNano, Name = e.Name, DroppedAttributesCount = e.DroppedAttributesCount };
            AddAll(ev.Attributes, e.Attributes);
            proto.Events.Add(ev);
        }

        foreach (var link in span.Links)
        {
            var l = new OtlpTrace.Span.Types.Link
            {
                TraceId = ApiV2ProtoMapping.TraceIdBytes(link.TraceId),
                SpanId = ApiV2ProtoMapping.SpanIdBytes(link.SpanId),
                TraceState = link.TraceState,
                DroppedAttributesCount = link.DroppedAttributesCount,
                Flags = link.Flags,
            };
            AddAll(l.Attributes, link.Attributes);
            proto.Links.Add(l);
        }

        return proto;
    }

    public static Common.KeyValue KeyValue(string key, AttributeValue value) => new() { Key = key, Value = AnyValue(value) };

    /// <summary>An <c>AnyValue</c>; an empty model value is an <c>AnyValue</c> with no field set.</summary>
    public static Common.AnyValue AnyValue(AttributeValue value)
    {
        var any = new Common.AnyValue();
        switch (value.Type)
        {
            case AttributeType.String:
                any.StringValue = value.AsString;
                break;
            case AttributeType.Bool:
                any.BoolValue = value.AsBool;
                break;
            case AttributeType.Int:
                any.IntValue = value.AsInt;
                break;
            case AttributeType.Double:
                any.DoubleValue = value.AsDouble;
                break;
            case AttributeType.Bytes:
                any.BytesValue = ByteString.CopyFrom(value.AsBytes);
                break;
            case AttributeType.Array:
                any.ArrayValue = new Common.ArrayValue();
                foreach (var item in value.AsArray)
                {
                    any.ArrayValue.Values.Add(AnyValue(item));
                }

                break;
            case AttributeType.KvList:
                any.KvlistValue = new Common.KeyValueList();
                AddAll(any.KvlistValue.Values, value.AsKvList);
                break;
        }

        return any;
    }

    private static void AddAll(Google.Protobuf.Collections.RepeatedField<Common.KeyValue> into, System.Collections.Immutable.ImmutableArray<KeyValue> attributes)
    {
        if (attributes.IsDefaultOrEmpty)
        {
            return;
        }

        foreach (var kv in attributes)
        {
            into.Add(KeyValue(kv.Key, kv.Value));
        }
    }
}
