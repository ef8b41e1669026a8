using System.Globalization;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace TraceBackend.LoadGen.Generation;

/// <summary>
/// Generates OTLP traces shaped like Jaeger's HotROD demo: a "dispatch" request through frontend,
/// customer (+ mysql), driver (+ redis) and route, with semantic-convention attributes (about ten per
/// span), events (about one per span), errors (<see cref="HotRodGeneratorOptions.ErrorRatio"/>), per-host
/// clock skew, and occasional batch fan-outs of 1,000+ spans.
/// Deterministic: the same seed and the same sequence of <c>now</c> values give identical traces.
/// Not thread-safe.
/// </summary>
public sealed partial class HotRodTraceGenerator
{
    private const long NanosPerMs = 1_000_000;

    private readonly DeterministicRandom _random;
    private readonly HotRodGeneratorOptions _options;

    public HotRodTraceGenerator(ulong seed, HotRodGeneratorOptions? options = null)
    {
        _options = options ?? new HotRodGeneratorOptions();
        _options.Validate();
        _random = new DeterministicRandom(seed);
        Topology = new HotRodTopology(_random, _options.MaxClockSkew);
    }

    public HotRodTopology Topology { get; }

    public HotRodGeneratorOptions Options => _options;

    /// <summary>
    /// The next trace. Its root span ends at <paramref name="now"/> in true time (reported timestamps
    /// additionally carry the reporting host's skew), so the trace lies just before <paramref name="now"/>.
    /// </summary>
    public GeneratedTrace Next(DateTimeOffset now)
    {
        var builder = new TraceBuilder(_random);
        var isLarge = _random.Chance(_options.LargeTraceRatio);
        var end = isLarge ? BatchDispatch(builder) : Dispatch(builder);
        var nowNanos = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        return builder.Build(end, nowNanos, isLarge);
    }

    /// <summary><paramref name="count"/> traces ending at <paramref name="start"/>, start + interval, ...</summary>
    public IEnumerable<GeneratedTrace> Generate(int count, DateTimeOffset start, TimeSpan interval)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next(start + interval * i);
        }
    }

    /// <summary>One dispatch request; returns the root span's relative end.</summary>
    private long Dispatch(TraceBuilder b)
    {
        var frontend = Topology.Pick(_random, HotRodTopology.Frontend);
        var customer = _random.Pick(HotRodCustomer.All);
        var root = b.Start("HTTP GET /dispatch", SpanKind.Server, parent: null);
        var nonce = _random.NextDouble().ToString("F6", CultureInfo.InvariantCulture);
        var browser = $"172.17.0.{_random.Next(2, 250)}";
        b.Event(root, Micros(30, 120), "HTTP request received",
            Attr.Str("level", "info"), Attr.Str("method", "GET"), Attr.Str("url", $"/dispatch?customer={customer.Id}&nonse={nonce}"));

        var bodyEnd = DispatchBody(b, frontend, root, Micros(150, 400), customer, out var failed);
        var end = bodyEnd + Micros(50, 300);
        var status = failed ? 500 : 200;
        if (failed)
        {
            b.Fail(root, bodyEnd, "*errors.errorString", "failed to find customer");
        }

        AddHttpServerAttributes(root, frontend, "GET", "/dispatch", $"customer={customer.Id}&nonse={nonce}", status, browser, BrowserAgent);
        root.Attributes.Add(Attr.Int("customer_id", customer.Id));
        b.Finish(frontend, root, 0, end);
        return end;
    }

    /// <summary>
    /// The frontend's work for one dispatch under <paramref name="parent"/>: customer lookup, then the best
    /// ETA (driver search + route calls). Returns the relative end; <paramref name="failed"/> when the
    /// customer lookup failed (the dispatch stops there).
    /// </summary>
    private long DispatchBody(TraceBuilder b, HotRodServiceInstance frontend, ProtoSpan parent, long t, HotRodCustomer customer, out bool failed)
    {
        t = CustomerCall(b, frontend, parent, t, customer, out failed);
        if (failed)
        {
            return t;
        }

        b.Event(parent, t, "Found customer", Attr.Str("level", "info"), Attr.Int("customer_id", customer.Id), Attr.Str("customer_name", customer.Name));

        var eta = b.Start("bestETA", SpanKind.Internal, parent);
        var etaStart = t + Micros(20, 80);
        var dropoff = $"{_random.Next(100, 900)},{_random.Next(100, 900)}";
        var afterDrivers = DriverCall(b, frontend, eta, etaStart + Micros(20, 60), customer, out var drivers);
        b.Event(eta, afterDrivers, "Found drivers", Attr.Str("level", "info"), Attr.Int("num_drivers", drivers.Count));
        var (afterRoutes, bestDriver, bestEtaSeconds) = RouteCalls(b, frontend, eta, afterDrivers + Micros(20, 80), drivers, customer.Location, dropoff);
        var etaEnd = afterRoutes + Micros(20, 80);

        eta.Attributes.Add(Attr.Str("code.function", "Get"));
        eta.Attributes.Add(Attr.Str("code.namespace", "github.com/jaegertracing/jaeger/examples/hotrod/services/frontend.bestETA"));
        eta.Attributes.Add(Attr.Int("customer_id", customer.Id));
        eta.Attributes.Add(Attr.Str("pickup", customer.Location));
        eta.Attributes.Add(Attr.Str("dropoff", dropoff));
        eta.Attributes.Add(Attr.Int("num_drivers", drivers.Count));
        eta.Attributes.Add(Attr.Int("route.parallelism", RouteWorkers));
        eta.Attributes.Add(Attr.Str("driver_id", bestDriver));
        eta.Attributes.Add(Attr.Dbl("eta_seconds", bestEtaSeconds));
        b.Finish(frontend, eta, etaStart, etaEnd);

        b.Event(parent, etaEnd + Micros(10, 50), "Dispatch successful",
            Attr.Str("level", "info"), Attr.Str("driver", bestDriver), Attr.Dbl("eta_seconds", bestEtaSeconds));
        return etaEnd + Micros(60, 200);
    }

    /// <summary>Uniform duration in microseconds, as nanoseconds.</summary>
    private long Micros(int min, int max) => _random.Next(min, max) * 1000L;

    /// <summary>Duration in [min, max) ms with a 2% tail up to 4× longer.</summary>
    private long Millis(double min, double max)
    {
        var ms = _random.NextDouble(min, max);
        if (_random.Chance(0.02))
        {
            ms *= _random.NextDouble(2, 4);
        }

        return (long)(ms * NanosPerMs);
    }
}
