using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace TraceBackend.LoadGen.Generation;

/// <summary>Route computation: one frontend → route HTTP call per driver, <see cref="RouteWorkers"/> in parallel.</summary>
public sealed partial class HotRodTraceGenerator
{
    private const int RouteWorkers = 3;

    /// <summary>Returns the end of the last call, the driver with the smallest ETA ("none" if every call failed) and that ETA.</summary>
    private (long End, string BestDriver, double BestEtaSeconds) RouteCalls(
        TraceBuilder b, HotRodServiceInstance frontend, ProtoSpan parent, long t, List<string> drivers, string pickup, string dropoff)
    {
        Span<long> lanes = stackalloc long[RouteWorkers];
        lanes.Fill(t);
        var bestDriver = "none";
        var bestEta = 0.0;
        foreach (var driver in drivers)
        {
            var lane = 0;
            for (var i = 1; i < lanes.Length; i++)
            {
                if (lanes[i] < lanes[lane])
                {
                    lane = i;
                }
            }

            var start = lanes[lane] + Micros(10, 60);
            lanes[lane] = RouteCall(b, frontend, parent, start, pickup, dropoff, out var etaSeconds);
            if (etaSeconds > 0 && (bestDriver == "none" || etaSeconds < bestEta))
            {
                bestDriver = driver;
                bestEta = etaSeconds;
            }
        }

        var end = t;
        foreach (var laneEnd in lanes)
        {
            end = Math.Max(end, laneEnd);
        }

        return (end, bestDriver, bestEta);
    }

    /// <summary>One route call; <paramref name="etaSeconds"/> is 0 when it failed.</summary>
    private long RouteCall(TraceBuilder b, HotRodServiceInstance frontend, ProtoSpan parent, long start, string pickup, string dropoff, out double etaSeconds)
    {
        var target = Topology.Pick(_random, HotRodTopology.Route);
        var client = b.Start("HTTP GET /route", SpanKind.Client, parent);
        b.Event(client, start + Micros(3, 15), "Finding route", Attr.Str("level", "info"), Attr.Str("pickup", pickup), Attr.Str("dropoff", dropoff));

        var serverStart = start + Micros(200, 1500);
        var server = b.Start("HTTP GET /route", SpanKind.Server, client, remoteParent: true);
        var cacheHit = _random.Chance(0.2);
        b.Event(server, serverStart + Micros(10, 40), cacheHit ? "cache hit" : "cache miss", Attr.Str("cache.key", $"{pickup}->{dropoff}"));
        var serverEnd = serverStart + (cacheHit ? Millis(0.2, 1) : Millis(25, 75));
        var failed = _random.Chance(_options.ErrorRatio);
        etaSeconds = failed ? 0 : _random.Next(60, 1800) + _random.NextDouble();
        var status = failed ? 503 : 200;
        if (failed)
        {
            b.Fail(server, serverEnd - Micros(10, 50), "*errors.errorString", "route computation timed out");
        }

        var query = $"dropoff={dropoff}&pickup={pickup}";
        AddHttpServerAttributes(server, target, "GET", "/route", query, status, frontend.Address, GoHttpAgent);
        server.Attributes.Add(Attr.Bool("cache.hit", cacheHit));
        b.Finish(target, server, serverStart, serverEnd);

        var clientEnd = serverEnd + Micros(200, 1500);
        if (failed)
        {
            b.Fail(client, clientEnd - Micros(5, 50), "*errors.errorString", "route service returned 503 Service Unavailable");
        }

        AddHttpClientAttributes(client, target, "GET", $"/route?{query}", status);
        client.Attributes.Add(Attr.Str("pickup", pickup));
        client.Attributes.Add(Attr.Str("dropoff", dropoff));
        b.Finish(frontend, client, start, clientEnd);
        return clientEnd;
    }
}
