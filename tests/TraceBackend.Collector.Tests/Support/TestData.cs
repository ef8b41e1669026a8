using System.Buffers.Binary;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.Collector.Tests.Support;

internal static class TestData
{
    public const ulong BaseTime = 1_700_000_000_000_000_000;

    /// <summary>A non-zero 16-byte trace ID whose last 8 bytes are <paramref name="n"/>.</summary>
    public static ByteString TraceId(ulong n)
    {
        var bytes = new byte[16];
        bytes[0] = 0xAB;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), n);
        return ByteString.CopyFrom(bytes);
    }

    public static ByteString SpanId(ulong n)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, n == 0 ? throw new ArgumentOutOfRangeException(nameof(n)) : n);
        return ByteString.CopyFrom(bytes);
    }

    public static ProtoSpan Span(ulong n, string name = "op") => new()
    {
        TraceId = TraceId(n),
        SpanId = SpanId(n),
        Name = name,
        Kind = ProtoSpan.Types.SpanKind.Server,
        StartTimeUnixNano = BaseTime + n,
        EndTimeUnixNano = BaseTime + n + 1000,
    };

    public static ExportTraceServiceRequest Request(string service, params ProtoSpan[] spans)
    {
        var scopeSpans = new ScopeSpans { Scope = new InstrumentationScope { Name = "test-scope" } };
        scopeSpans.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = Resource(service) };
        resourceSpans.ScopeSpans.Add(scopeSpans);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    /// <summary>A request of <paramref name="count"/> valid spans numbered from <paramref name="first"/>.</summary>
    public static ExportTraceServiceRequest Request(int count, ulong first = 1) =>
        Request("svc", [.. Enumerable.Range(0, count).Select(i => Span(first + (ulong)i))]);

    public static Resource Resource(string service)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attr("service.name", new AnyValue { StringValue = service }));
        return resource;
    }

    public static KeyValue Attr(string key, AnyValue value) => new() { Key = key, Value = value };

    public static KeyValue Attr(string key, string value) => Attr(key, new AnyValue { StringValue = value });
}
