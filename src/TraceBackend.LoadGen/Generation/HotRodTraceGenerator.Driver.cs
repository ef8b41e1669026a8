using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace TraceBackend.LoadGen.Generation;

/// <summary>
/// Driver search: frontend gRPC client → driver gRPC server → redis FindDriverIDs, then one redis
/// GetDriver per driver, sequentially; a GetDriver that times out is retried up to <see cref="MaxRedisRetries"/> times.
/// </summary>
public sealed partial class HotRodTraceGenerator
{
    private const int MaxRedisRetries = 3;
    private const string RpcService = "driver.DriverService";
    private const string RedisTimeout = "redis timeout";

    private long DriverCall(TraceBuilder b, HotRodServiceInstance frontend, ProtoSpan parent, long t, HotRodCustomer customer, out List<string> drivers)
    {
        var target = Topology.Pick(_random, HotRodTopology.Driver);
        var client = b.Start($"{RpcService}/FindNearest", SpanKind.Client, parent);
        b.Event(client, t + Micros(3, 15), "Finding nearest drivers", Attr.Str("level", "info"), Attr.Str("location", customer.Location));

        var serverStart = t + Micros(200, 1500);
        var server = b.Start($"{RpcService}/FindNearest", SpanKind.Server, client, remoteParent: true);
        b.Event(server, serverStart + Micros(20, 60), "Searching for nearby drivers", Attr.Str("level", "info"), Attr.Str("location", customer.Location));

        var redis = Topology.Pick(_random, HotRodTopology.Redis);
        var cursor = FindDriverIds(b, redis, server, serverStart + Micros(50, 200), customer.Location, out var ids);
        drivers = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            for (var attempt = 0; ; attempt++)
            {
                var start = cursor + Micros(20, 100);
                cursor = GetDriver(b, redis, server, start, id, attempt, out var timedOut);
                if (!timedOut)
                {
                    drivers.Add(id);
                    break;
                }

                if (attempt == MaxRedisRetries)
                {
                    b.Event(server, cursor + Micros(5, 20), "Failed to get driver after retries",
                        Attr.Str("level", "error"), Attr.Str("driver_id", id), Attr.Int("retries", MaxRedisRetries));
                    break;
                }

                b.Event(server, cursor + Micros(5, 20), "Retrying GetDriver after error",
                    Attr.Str("level", "error"), Attr.Int("retry_no", attempt + 1), Attr.Str("error", RedisTimeout));
            }
        }

        var serverEnd = cursor + Micros(100, 400);
        b.Event(server, serverEnd - Micros(20, 60), "Search successful", Attr.Str("level", "info"), Attr.Int("num_drivers", drivers.Count));
        AddRpcAttributes(server, target, frontend.Address, _random.Next(32768, 61000), customer.Location);
        server.Attributes.Add(Attr.Int("num_drivers", drivers.Count));
        b.Finish(target, server, serverStart, serverEnd);

        var clientEnd = serverEnd + Micros(200, 1500);
        AddRpcAttributes(client, target, target.Address, target.Port, customer.Location);
        b.Finish(frontend, client, t, clientEnd);
        return clientEnd;
    }

    private long FindDriverIds(TraceBuilder b, HotRodServiceInstance redis, ProtoSpan parent, long start, string location, out List<string> ids)
    {
        var span = b.Start("FindDriverIDs", SpanKind.Client, parent);
        var end = start + Millis(15, 30);
        var count = _random.Next(8, 13);
        ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add($"T7{_random.Next(10000, 100000)}C");
        }

        b.Event(span, end - Micros(20, 100), "Found drivers", Attr.Str("level", "info"), Attr.Int("num_drivers", count));
        AddRedisAttributes(span, redis, "SMEMBERS", $"SMEMBERS drivers:location:{location}");
        span.Attributes.Add(Attr.Str("param.location", location));
        span.Attributes.Add(Attr.Int("num_drivers", count));
        b.Finish(redis, span, start, end);
        return end;
    }

    private long GetDriver(TraceBuilder b, HotRodServiceInstance redis, ProtoSpan parent, long start, string driverId, int attempt, out bool timedOut)
    {
        var span = b.Start("GetDriver", SpanKind.Client, parent);
        timedOut = _random.Chance(_options.ErrorRatio);
        var end = start + (timedOut ? Millis(25, 40) : Millis(5, 15));
        if (attempt > 0)
        {
            b.Event(span, start + Micros(2, 10), "retrying", Attr.Int("attempt", attempt));
        }
        else if (_random.Chance(0.4))
        {
            b.Event(span, start + Micros(2, 30), "connection acquired", Attr.Int("pool.idle", _random.Next(0, 10)));
        }

        if (timedOut)
        {
            b.Fail(span, end - Micros(5, 30), "redis.TimeoutError", RedisTimeout);
        }

        AddRedisAttributes(span, redis, "HGETALL", $"HGETALL driver:{driverId}");
        span.Attributes.Add(Attr.Str("driver_id", driverId));
        span.Attributes.Add(Attr.Int("attempt", attempt));
        b.Finish(redis, span, start, end);
        return end;
    }

    private static void AddRedisAttributes(ProtoSpan span, HotRodServiceInstance redis, string operation, string statement)
    {
        span.Attributes.Add(Attr.Str("db.system", "redis"));
        span.Attributes.Add(Attr.Str("db.operation", operation));
        span.Attributes.Add(Attr.Str("db.statement", statement));
        span.Attributes.Add(Attr.Int("db.redis.database_index", 0));
        span.Attributes.Add(Attr.Str("server.address", redis.HostName));
        span.Attributes.Add(Attr.Int("server.port", redis.Port));
        span.Attributes.Add(Attr.Str("network.peer.address", redis.Address));
        span.Attributes.Add(Attr.Str("network.transport", "tcp"));
    }

    private static void AddRpcAttributes(ProtoSpan span, HotRodServiceInstance server, string peerAddress, int peerPort, string location)
    {
        span.Attributes.Add(Attr.Str("rpc.system", "grpc"));
        span.Attributes.Add(Attr.Str("rpc.service", RpcService));
        span.Attributes.Add(Attr.Str("rpc.method", "FindNearest"));
        span.Attributes.Add(Attr.Int("rpc.grpc.status_code", 0));
        span.Attributes.Add(Attr.Str("server.address", server.ServiceName));
        span.Attributes.Add(Attr.Int("server.port", server.Port));
        span.Attributes.Add(Attr.Str("network.peer.address", peerAddress));
        span.Attributes.Add(Attr.Int("network.peer.port", peerPort));
        span.Attributes.Add(Attr.Str("network.transport", "tcp"));
        span.Attributes.Add(Attr.Str("location", location));
    }
}
