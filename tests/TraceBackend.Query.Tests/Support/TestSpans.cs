using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Query.Tests.Support;

/// <summary>Builders for model objects used across tests.</summary>
internal static class TestSpans
{
    public static readonly TraceId Trace128 = new(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736);
    public static readonly TraceId Trace64 = new(0, 0x00f067aa0ba902b7);

    public static Resource Resource(string service, params KeyValue[] attributes) =>
        new([new KeyValue(Model.Resource.ServiceNameKey, AttributeValue.String(service)), .. attributes]);

    public static KeyValue Str(string key, string value) => new(key, AttributeValue.String(value));

    public static KeyValue Int(string key, long value) => new(key, AttributeValue.Int(value));

    public static Span Span(
        TraceId traceId,
        ulong spanId,
        Resource resource,
        string name = "op",
        ulong parent = 0,
        ulong startNanos = 1_718_000_000_123_456_789,
        ulong durationNanos = 250_000_000,
        SpanKind kind = SpanKind.Unspecified,
        ImmutableArray<KeyValue> attributes = default,
        InstrumentationScope? scope = null) => new()
        {
            TraceId = traceId,
            SpanId = new SpanId(spanId),
            ParentSpanId = new SpanId(parent),
            Name = name,
            Kind = kind,
            StartTimeUnixNano = startNanos,
            EndTimeUnixNano = startNanos + durationNanos,
            Attributes = attributes.IsDefault ? [] : attributes,
            Resource = resource,
            Scope = scope ?? InstrumentationScope.EmptyScope,
        };
}
