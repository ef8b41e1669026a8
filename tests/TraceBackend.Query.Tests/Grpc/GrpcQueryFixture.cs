using System.Collections.Immutable;
using TraceBackend.Model;
using TraceBackend.Query.Tests.Support;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Grpc;

/// <summary>
/// One gRPC server shared by the gRPC tests, with data relative to the fixture's start time:
/// <list type="bullet">
/// <item>Trace A (128-bit ID), 1 h ago: frontend server root (scope, event, link, trace state, flags, warnings,
/// double/bool/bytes/array attributes) → frontend client (span 5) and driver server (span 5, Zipkin-style shared ID,
/// so the adjusters change it) with an ERROR status.</item>
/// <item>Trace Big (64-bit ID), 2 h ago: 25 spans of service <c>big</c>, operation <c>step</c>, 1 ms each.</item>
/// <item>Trace C, 3 days ago: frontend only (outside the default 48 h search window).</item>
/// </list>
/// </summary>
public sealed class GrpcQueryFixture : IAsyncLifetime
{
    public static readonly TraceId TraceA = Trace128;
    public static readonly TraceId TraceBig = Trace64;
    public static readonly TraceId TraceC = new(0x1111, 0x2222);

    internal ListTraceStore Store { get; } = new();

    internal GrpcQueryServer Server { get; private set; } = null!;

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public ulong StartA { get; private set; }

    public ulong StartBig { get; private set; }

    public async ValueTask InitializeAsync()
    {
        StartA = Storage.UnixTime.ToNanos(Now.AddHours(-1));
        StartBig = Storage.UnixTime.ToNanos(Now.AddHours(-2));
        var startC = Storage.UnixTime.ToNanos(Now.AddDays(-3));
        var frontend = Resource("frontend", Str("host.name", "web-1"), Int("process.pid", 42));
        var driver = Resource("driver");
        var big = Resource("big");
        var scope = new InstrumentationScope("net/http", "1.2.0");
        var root = new Span
        {
            TraceId = TraceA,
            SpanId = new SpanId(1),
            Name = "HTTP GET /dispatch",
            Kind = SpanKind.Server,
            StartTimeUnixNano = StartA + 123,
            EndTimeUnixNano = StartA + 300_001_122,
            Resource = frontend,
            Scope = scope,
            Flags = 0x301,
            TraceState = "k=v",
            Attributes =
            [
                Str("http.method", "GET"),
                new KeyValue("ratio", AttributeValue.Double(0.25)),
                new KeyValue("cached", AttributeValue.Bool(true)),
                new KeyValue("blob", AttributeValue.Bytes([1, 2, 3])),
                new KeyValue("list", AttributeValue.Array([AttributeValue.String("a"), AttributeValue.Int(2)])),
                Int("big.number", long.MaxValue),
            ],
            Events =
            [
                new SpanEvent { TimeUnixNano = StartA + 5_000_123, Name = "cache miss", Attributes = [Str("key", "k1")] },
            ],
            Links = [new SpanLink { TraceId = TraceC, SpanId = new SpanId(0x20), Attributes = [Str("opentracing.ref_type", "follows_from")] }],
            Status = new SpanStatus(StatusCode.Ok, ""),
            Warnings = ["clock skew adjusted"],
            DroppedEventsCount = 2,
        };
        List<Span> spans =
        [
            root,
            Span(TraceA, 5, frontend, name: "call driver", parent: 1, startNanos: StartA + 10_000_000, durationNanos: 200_000_000, kind: SpanKind.Client),
            new Span
            {
                TraceId = TraceA,
                SpanId = new SpanId(5),
                ParentSpanId = new SpanId(1),
                Name = "FindNearest",
                Kind = SpanKind.Server,
                StartTimeUnixNano = StartA + 20_000_000,
                EndTimeUnixNano = StartA + 180_000_000,
                Attributes = [Int("http.status_code", 500)],
                Status = new SpanStatus(StatusCode.Error, "no drivers"),
                Resource = driver,
            },
            Span(TraceC, 0x20, frontend, name: "old op", startNanos: startC, durationNanos: 1_000_000, kind: SpanKind.Server),
        ];
        for (var i = 0; i < 25; i++)
        {
            spans.Add(Span(TraceBig, 0x100 + (ulong)i, big, name: "step", parent: i == 0 ? 0UL : 0x100UL, startNanos: StartBig + ((ulong)i * 1_000_000), durationNanos: 1_000_000,
                attributes: ImmutableArray.Create(Int("index", i))));
        }

        await Store.WriteAsync(spans, TestContext.Current.CancellationToken);
        Server = await GrpcQueryServer.StartAsync(Store);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
