using System.Collections.Immutable;
using System.Runtime.InteropServices;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TraceBackend.Model;
using ProtoResource = OpenTelemetry.Proto.Resource.V1.Resource;
using ProtoScope = OpenTelemetry.Proto.Common.V1.InstrumentationScope;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.Otlp;

/// <summary>
/// Turns an OTLP <see cref="ExportTraceServiceRequest"/> into model spans. Invalid spans (bad trace, span or
/// parent ID) are rejected and counted; the others are kept, after the Jaeger v2 ingest sanitizers
/// (<see cref="SpanSanitizer"/>). Every span of one <c>ResourceSpans</c> shares one <see cref="Resource"/>
/// and every span of one <c>ScopeSpans</c> one <see cref="InstrumentationScope"/>. Thread-safe.
/// </summary>
public sealed partial class OtlpConverter
{
    private readonly KeyInterner _keys;

    public OtlpConverter()
        : this(new KeyInterner())
    {
    }

    internal OtlpConverter(KeyInterner keys) => _keys = keys;

    /// <summary>The key pool, shared with <see cref="OtlpProtobufDecoder"/> so both paths intern alike.</summary>
    internal KeyInterner Keys => _keys;

    public OtlpConversionResult Convert(ExportTraceServiceRequest request) => Convert(request, null);

    /// <param name="idErrors">IDs a decoder could not turn into bytes, by span (reference identity).</param>
    internal OtlpConversionResult Convert(ExportTraceServiceRequest request, IReadOnlyDictionary<ProtoSpan, IdError>? idErrors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = 0;
        foreach (var rs in request.ResourceSpans)
        {
            foreach (var ss in rs.ScopeSpans)
            {
                total += ss.Spans.Count;
            }
        }

        var spans = new List<Span>(total);
        var rejections = new RejectionLog();
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var rs = request.ResourceSpans[r];
            var resource = ConvertResource(rs.Resource, out var resourceWarning);
            var resourceWarnings = resourceWarning is null ? ImmutableArray<string>.Empty : [resourceWarning];
            for (var s = 0; s < rs.ScopeSpans.Count; s++)
            {
                var ss = rs.ScopeSpans[s];
                var scope = ConvertScope(ss.Scope);
                for (var i = 0; i < ss.Spans.Count; i++)
                {
                    var ps = ss.Spans[i];
                    if (idErrors is not null && idErrors.TryGetValue(ps, out var idError))
                    {
                        rejections.Add(idError.Reason, r, s, i, idError.Message);
                        continue;
                    }

                    if (!TryReadIds(ps.TraceId.Span, ps.SpanId.Span, ps.ParentSpanId.Span, out var traceId, out var spanId, out var parentId, out var reason, out var detail))
                    {
                        rejections.Add(reason, r, s, i, detail);
                        continue;
                    }

                    spans.Add(ConvertSpan(ps, traceId, spanId, parentId, resource, scope, resourceWarnings));
                }
            }
        }

        return rejections.ToResult(spans);
    }

    /// <summary>The span-rejecting ID checks, in order: trace ID, span ID, parent span ID.</summary>
    internal static bool TryReadIds(
        ReadOnlySpan<byte> traceIdBytes, ReadOnlySpan<byte> spanIdBytes, ReadOnlySpan<byte> parentBytes,
        out TraceId traceId, out SpanId spanId, out SpanId parentId, out RejectReason reason, out string detail)
    {
        spanId = default;
        parentId = default;
        reason = RejectReason.InvalidTraceId;
        if (!TryReadTraceId(traceIdBytes, out traceId, out detail))
        {
            detail = "trace_id " + detail;
            return false;
        }

        reason = RejectReason.InvalidSpanId;
        if (!TryReadSpanId(spanIdBytes, out spanId, out detail))
        {
            detail = "span_id " + detail;
            return false;
        }

        reason = RejectReason.InvalidParentSpanId;
        if (parentBytes.Length != 0 && parentBytes.Length != 8)
        {
            detail = $"parent_span_id must be empty or 8 bytes, got {parentBytes.Length}";
            return false;
        }

        // An all-zero parent means "no parent": SpanId zero is the model's empty value.
        if (parentBytes.Length == 8)
        {
            SpanId.TryFromBytes(parentBytes, out parentId);
        }

        return true;
    }

    /// <summary>Exactly 16 bytes, not all zero. <paramref name="detail"/> lacks the field name.</summary>
    internal static bool TryReadTraceId(ReadOnlySpan<byte> bytes, out TraceId id, out string detail)
    {
        id = default;
        if (bytes.Length != 16)
        {
            detail = $"must be 16 bytes, got {bytes.Length}";
            return false;
        }

        TraceId.TryFromBytes(bytes, out id);
        if (id.IsEmpty)
        {
            detail = "must not be all zeros";
            return false;
        }

        detail = "";
        return true;
    }

    /// <summary>Exactly 8 bytes, not all zero. <paramref name="detail"/> lacks the field name.</summary>
    internal static bool TryReadSpanId(ReadOnlySpan<byte> bytes, out SpanId id, out string detail)
    {
        id = default;
        if (bytes.Length != 8)
        {
            detail = $"must be 8 bytes, got {bytes.Length}";
            return false;
        }

        SpanId.TryFromBytes(bytes, out id);
        if (id.IsEmpty)
        {
            detail = "must not be all zeros";
            return false;
        }

        detail = "";
        return true;
    }

    private Resource ConvertResource(ProtoResource? resource, out string? warning) =>
        CreateResource(resource is null ? [] : ConvertAttributes(resource.Attributes).AsSpan(), resource?.DroppedAttributesCount ?? 0, out warning);

    /// <summary>
    /// A resource of the converted <paramref name="attributes"/> (copied), after the service.name sanitizer:
    /// a missing service.name is appended, an empty or non-string one replaced; <paramref name="warning"/> says which.
    /// </summary>
    internal static Resource CreateResource(ReadOnlySpan<KeyValue> attributes, uint droppedAttributesCount, out string? warning)
    {
        warning = null;
        var count = attributes.Length;
        var serviceIndex = -1;
        for (var i = 0; i < count; i++)
        {
            if (attributes[i].Key == Resource.ServiceNameKey)
            {
                serviceIndex = i;
                break;
            }
        }

        var builder = new KeyValue[serviceIndex < 0 ? count + 1 : count];
        attributes.CopyTo(builder);
        if (serviceIndex < 0)
        {
            builder[count] = new KeyValue(Resource.ServiceNameKey, AttributeValue.String(SpanSanitizer.MissingServiceName));
            warning = SpanSanitizer.MissingServiceNameWarning;
        }
        else
        {
            var value = builder[serviceIndex].Value;
            if (value.Type != AttributeType.String)
            {
                builder[serviceIndex] = new KeyValue(Resource.ServiceNameKey, AttributeValue.String(SpanSanitizer.ServiceNameWrongType));
                warning = SpanSanitizer.ServiceNameWrongTypeWarning;
            }
            else if (value.AsString.Length == 0)
            {
                builder[serviceIndex] = new KeyValue(Resource.ServiceNameKey, AttributeValue.String(SpanSanitizer.EmptyServiceName));
                warning = SpanSanitizer.EmptyServiceNameWarning;
            }
        }

        return new Resource(ImmutableCollectionsMarshal.AsImmutableArray(builder), droppedAttributesCount);
    }

    private InstrumentationScope ConvertScope(ProtoScope? scope)
    {
        if (scope is null || (scope.Name.Length == 0 && scope.Version.Length == 0 && scope.Attributes.Count == 0 && scope.DroppedAttributesCount == 0))
        {
            return InstrumentationScope.EmptyScope;
        }

        return new InstrumentationScope(scope.Name, scope.Version, ConvertAttributes(scope.Attributes), scope.DroppedAttributesCount);
    }
}
