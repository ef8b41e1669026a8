using System.Collections.Immutable;
using TraceBackend.Model;

namespace TraceBackend.Storage.Conformance;

/// <summary>Fixture IDs, resources and the feature-complete trace used by the conformance suite.</summary>
public static class FixtureTraces
{
    public const string Frontend = "frontend";
    public const string Backend = "backend";
    public const string Database = "database";

    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    /// <summary>A 64-bit trace ID (high half zero), as sent by Jaeger and Zipkin clients.</summary>
    public static TraceId Id64(ulong n) => new(0, 0x5eed_0000_0000_0000UL | n);

    /// <summary>A 128-bit trace ID whose low half equals <see cref="Id64"/> of the same <paramref name="n"/>.</summary>
    public static TraceId Id128(ulong n) => new(0xa1b2_c3d4_0000_0000UL | n, 0x5eed_0000_0000_0000UL | n);

    /// <summary>A resource with <c>service.name</c> first, then <paramref name="extra"/>.</summary>
    public static Resource Service(string name, params KeyValue[] extra) =>
        new([new KeyValue(Resource.ServiceNameKey, AttributeValue.String(name)), .. extra]);

    public static KeyValue Kv(string key, string value) => new(key, AttributeValue.String(value));

    public static KeyValue Kv(string key, long value) => new(key, AttributeValue.Int(value));

    /// <summary>
    /// A five-span trace across three services that uses every field of the span model: all attribute types
    /// (arrays and maps nested), resource attributes and dropped counts, scope with attributes, events, links,
    /// statuses, kinds, flags, trace state and warnings.
    /// </summary>
    public static IReadOnlyList<Span> Rich(TraceId traceId, DateTimeOffset start)
    {
        var frontend = new Resource(
            [Kv(Resource.ServiceNameKey, Frontend), Kv("host.name", "web-1"), Kv("process.pid", 4242), new("k8s.ready", AttributeValue.Bool(true))],
            droppedAttributesCount: 2);
        var backend = Service(Backend, Kv("host.name", "api-7"), new KeyValue("cpu.shares", AttributeValue.Double(0.5)));
        var database = Service(Database, Kv("db.system", "postgresql"));
        var scope = new InstrumentationScope("fixture.instrumentation", "1.2.3", [Kv("scope.attr", "s")], droppedAttributesCount: 3);

        var trace = new TraceBuilder(traceId, start);
        var root = trace.Span(frontend, "HTTP GET /dispatch", TimeSpan.Zero, 120 * s_ms)
            .Kind(SpanKind.Server)
            .Scope(scope)
            .Flags(0x101)
            .TraceState("vendor=abc,other=1")
            .Status(StatusCode.Ok)
            .Attr("http.method", "GET")
            .Attr("http.status_code", 200L)
            .Attr("cache.hit", false)
            .Attr("sample.ratio", 0.125)
            .Attr("payload.digest", new byte[] { 0, 1, 2, 0xfe, 0xff })
            .Attr("tags.list", AttributeValue.Array([AttributeValue.String("a"), AttributeValue.Int(2), AttributeValue.Bool(true), AttributeValue.Double(1.5)]))
            .Attr("request.meta", AttributeValue.KvList([
                Kv("user", "u-17"),
                new("limits", AttributeValue.Array([AttributeValue.Int(1), AttributeValue.Int(10)])),
                new("nested", AttributeValue.KvList([new("deep", AttributeValue.Bool(false))])),
            ]))
            .Attr("empty.value", AttributeValue.Empty)
            .Event("request.received", 1 * s_ms, Kv("queue.depth", 3), Kv("note", "first"))
            .Event("request.parsed", 2 * s_ms, droppedAttributes: 1, Kv("bytes", 512))
            .Dropped(attributes: 4, events: 5, links: 6);

        var client = trace.Span(frontend, "HTTP GET /customer", 10 * s_ms, 50 * s_ms)
            .Kind(SpanKind.Client)
            .ChildOf(root)
            .Scope(scope)
            .Flags(1)
            .Attr("peer.service", Backend)
            .Link(Id128(0xffff), new SpanId(0x0102030405060708), "linked=1", 1, 2, Kv("link.kind", "follows"));

        var server = trace.Span(backend, "GET /customer", 12 * s_ms, 45 * s_ms)
            .Kind(SpanKind.Server)
            .ChildOf(client)
            .Attr("http.route", "/customer")
            .Attr("customer.id", 123456789012L);

        trace.Span(database, "SELECT customers", 15 * s_ms, 30 * s_ms)
            .Kind(SpanKind.Client)
            .ChildOf(server)
            .Error("connection reset")
            .Attr("db.statement", "SELECT * FROM customers WHERE id = $1")
            .Event("exception", 20 * s_ms, Kv("exception.type", "IOException"), Kv("exception.message", "reset by peer"));

        trace.Span(backend, "process customer", 50 * s_ms, 5 * s_ms)
            .Kind(SpanKind.Internal)
            .ChildOf(server)
            .Warning("clock skew adjusted")
            .Warning("second warning");

        return trace.Build();
    }

    /// <summary>A one-span trace.</summary>
    public static IReadOnlyList<Span> Single(TraceId traceId, string service, string name, DateTimeOffset start, TimeSpan duration, Action<SpanBuilder>? configure = null)
    {
        var trace = new TraceBuilder(traceId, start);
        var span = trace.Span(service, name, TimeSpan.Zero, duration);
        configure?.Invoke(span);
        return trace.Build();
    }

    public static ImmutableArray<Span> Concat(params IReadOnlyList<Span>[] batches) => [.. batches.SelectMany(b => b)];
}
