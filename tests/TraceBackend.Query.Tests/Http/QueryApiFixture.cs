using TraceBackend.Model;
using TraceBackend.Query.Tests.Support;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Http;

/// <summary>
/// One server shared by the HTTP tests, with data relative to the fixture's start time:
/// <list type="bullet">
/// <item>Trace A (128-bit ID), 1 h ago: frontend server root → frontend client (span 5) and driver server (span 5,
/// Zipkin-style shared ID) with an ERROR status and <c>http.status_code=500</c>.</item>
/// <item>Trace B (64-bit ID), 2 h ago: service <c>svc/with/slash</c>, operations <c>op/x</c> (server) and
/// <c>unkinded</c> (no kind).</item>
/// <item>Trace C, 3 days ago: frontend only (outside the default 48 h search window).</item>
/// </list>
/// </summary>
public sealed class QueryApiFixture : IAsyncLifetime
{
    public static readonly TraceId TraceA = Trace128;
    public static readonly TraceId TraceB = Trace64;
    public static readonly TraceId TraceC = new(0x1111, 0x2222);

    internal ListTraceStore Store { get; } = new();

    internal QueryServer Server { get; private set; } = null!;

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public ulong StartA { get; private set; }

    public ulong StartB { get; private set; }

    public ulong StartC { get; private set; }

    public async ValueTask InitializeAsync()
    {
        StartA = Storage.UnixTime.ToNanos(Now.AddHours(-1));
        StartB = Storage.UnixTime.ToNanos(Now.AddHours(-2));
        StartC = Storage.UnixTime.ToNanos(Now.AddDays(-3));
        var frontend = Resource("frontend", Str("host.name", "web-1"));
        var driver = Resource("driver");
        var slash = Resource("svc/with/slash");
        var scope = new InstrumentationScope("net/http", "1.2.0");
        await Store.WriteAsync(
        [
            Span(TraceA, 1, frontend, name: "HTTP GET /dispatch", startNanos: StartA, durationNanos: 300_000_000, kind: SpanKind.Server, scope: scope),
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
            Span(TraceB, 0x10, slash, name: "op/x", startNanos: StartB, durationNanos: 5_000_000, kind: SpanKind.Server),
            Span(TraceB, 0x11, slash, name: "unkinded", parent: 0x10, startNanos: StartB + 1_000, durationNanos: 1_000_000),
            Span(TraceC, 0x20, frontend, name: "old op", startNanos: StartC, durationNanos: 1_000_000, kind: SpanKind.Server),
        ],
            TestContext.Current.CancellationToken);
        Server = await QueryServer.StartAsync(Store);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    public static long Micros(ulong nanos) => (long)(nanos / 1000);
}
