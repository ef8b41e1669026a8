using System.Net;
using TraceBackend.Model;

namespace TraceBackend.Collector.Zipkin;

/// <summary>A Zipkin endpoint after decoding: IP addresses parsed, port 0 when absent.</summary>
internal sealed class ZipkinEndpoint
{
    public string ServiceName { get; set; } = "";

    public IPAddress? Ipv4 { get; set; }

    public IPAddress? Ipv6 { get; set; }

    public int Port { get; set; }
}

/// <summary>
/// One Zipkin v2 span as decoded from JSON or protobuf, IDs already validated; the input of
/// <see cref="ZipkinSpanMapper"/>. Times are Zipkin microseconds.
/// </summary>
internal sealed class ZipkinSpanFields
{
    public TraceId TraceId { get; set; }

    public SpanId SpanId { get; set; }

    /// <summary>Empty when absent (or all zeros).</summary>
    public SpanId ParentId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Null when the Zipkin span has no kind (local span or unknown).</summary>
    public SpanKind? Kind { get; set; }

    /// <summary>Set when the payload named a kind Zipkin does not define; the span is kept as unspecified.</summary>
    public string? UnknownKind { get; set; }

    /// <summary>Null when absent (protobuf: 0).</summary>
    public ulong? TimestampMicros { get; set; }

    /// <summary>0 when absent.</summary>
    public ulong DurationMicros { get; set; }

    public ZipkinEndpoint? LocalEndpoint { get; set; }

    public ZipkinEndpoint? RemoteEndpoint { get; set; }

    public List<(ulong TimestampMicros, string Value)> Annotations { get; } = [];

    /// <summary>In payload order.</summary>
    public List<KeyValuePair<string, string>> Tags { get; } = [];
}
