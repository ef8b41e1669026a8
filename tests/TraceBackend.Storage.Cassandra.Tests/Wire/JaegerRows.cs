using TraceBackend.Model;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// Column values of <c>traces</c> rows shaped as Jaeger's Cassandra writer leaves them (every keyvalue field present,
/// unused ones zero, value_binary null unless binary; an empty list comes back from Cassandra as null), in the
/// column order of <see cref="V004Types.TracesColumns"/>, for the fake server to encode into Rows results.
/// </summary>
internal static class JaegerRows
{
    public const long StartMicros = 1_700_000_000_123_456L;

    public static readonly TraceId TraceV1 = new(0, 0x1234);

    /// <summary>A span as Jaeger v1 writes it: parent only in refs (parent_id 0), span.kind and error as tags, a log.</summary>
    public static object?[] V1ClientSpan() =>
    [
        TraceV1.ToBytes(), 0x55L, 987_654_321L, 0L, "GET", 1, StartMicros, 1500L,
        new object[]
        {
            Kv("span.kind", "string", s: "client"),
            Kv("error", "bool", b: true),
            Kv("http.status_code", "int64", l: 503),
            Kv("sampler.param", "float64", d: 1),
            Kv("internal.span.format", "string", s: "proto"),
        },
        new object[]
        {
            new Dictionary<string, object?> { ["ts"] = StartMicros + 10, ["fields"] = new object[] { Kv("event", "string", s: "error"), Kv("error.object", "string", s: "x") } },
        },
        new object[]
        {
            Ref("child-of", TraceV1, 0xabc),
            Ref("follows-from", new TraceId(7, 8), 0x99),
        },
        Process("redis", Kv("hostname", "string", s: "host-1"), Kv("jaeger.version", "string", s: "Go-2.30.0"), Kv("ip", "string", s: "10.0.0.1")),
    ];

    /// <summary>A child of <see cref="V1ClientSpan"/> with parent_id set, a binary tag, and no logs (null on the wire).</summary>
    public static object?[] ChildSpan() =>
    [
        TraceV1.ToBytes(), 0x56L, -42L, 0x55L, "child", 1, StartMicros + 100, 700L,
        new object[] { Kv("span.kind", "string", s: "internal"), Kv("payload", "binary", binary: [0x0a, 0x0b]), Kv("ratio", "float64", d: 0.5) },
        null,
        new object[] { Ref("child-of", TraceV1, 0x55) },
        Process("redis", Kv("hostname", "string", s: "host-1"), Kv("jaeger.version", "string", s: "Go-2.30.0"), Kv("ip", "string", s: "10.0.0.1")),
    ];

    public static Dictionary<string, object?> Kv(string key, string type, string s = "", bool b = false, long l = 0, double d = 0, byte[]? binary = null) => new()
    {
        ["key"] = key,
        ["value_type"] = type,
        ["value_string"] = s,
        ["value_bool"] = b,
        ["value_long"] = l,
        ["value_double"] = d,
        ["value_binary"] = binary,
    };

    public static Dictionary<string, object?> Ref(string type, TraceId traceId, long spanId) => new()
    {
        ["ref_type"] = type,
        ["trace_id"] = traceId.ToBytes(),
        ["span_id"] = spanId,
    };

    public static Dictionary<string, object?> Process(string service, params Dictionary<string, object?>[] tags) => new()
    {
        ["service_name"] = service,
        ["tags"] = tags,
    };
}
