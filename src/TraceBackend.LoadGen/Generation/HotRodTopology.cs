using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace TraceBackend.LoadGen.Generation;

/// <summary>
/// The fixed set of HotROD service instances of one generator: frontend ×2, customer ×2, driver ×3,
/// route ×3, mysql ×1, redis ×2, each with its own host, address, resource and clock skew. Built once
/// from the generator's PRNG, in a fixed draw order.
/// </summary>
public sealed class HotRodTopology
{
    public const string Frontend = "frontend";
    public const string Customer = "customer";
    public const string Driver = "driver";
    public const string Route = "route";
    public const string Mysql = "mysql";
    public const string Redis = "redis";

    private const string OtelHttpScope = "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp";
    private const string OtelGrpcScope = "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc";
    private const string HotRodScope = "github.com/jaegertracing/jaeger/examples/hotrod/pkg/tracing";

    private static readonly (string Name, string Version, int Instances, int Port, string Scope)[] s_services =
    [
        (Frontend, "1.62.0", 2, 8080, OtelHttpScope),
        (Customer, "1.62.0", 2, 8081, OtelHttpScope),
        (Driver, "1.62.0", 3, 8082, OtelGrpcScope),
        (Route, "1.62.0", 3, 8083, OtelHttpScope),
        (Mysql, "8.0.36", 1, 3306, HotRodScope),
        (Redis, "7.2.4", 2, 6379, HotRodScope),
    ];

    private const string PodChars = "bcdfghjklmnpqrstvwxz2456789";
    private const string HexChars = "0123456789abcdef";

    private readonly Dictionary<string, HotRodServiceInstance[]> _byService = new(StringComparer.Ordinal);

    internal HotRodTopology(DeterministicRandom random, TimeSpan maxClockSkew)
    {
        var all = new List<HotRodServiceInstance>();
        Span<byte> uuid = stackalloc byte[16];
        for (var serviceIndex = 0; serviceIndex < s_services.Length; serviceIndex++)
        {
            var (name, version, count, port, scopeName) = s_services[serviceIndex];
            var scope = new InstrumentationScope { Name = scopeName, Version = "0.53.0" };
            var instances = new HotRodServiceInstance[count];
            var replicaSet = RandomToken(random, 9, hex: true);
            for (var i = 0; i < count; i++)
            {
                var host = $"{name}-{replicaSet}-{RandomToken(random, 5, hex: false)}";
                var address = $"10.{serviceIndex + 1}.{i}.{random.Next(2, 254)}";
                random.NextBytes(uuid);
                var instanceId = new Guid(uuid, bigEndian: true).ToString();
                var pid = random.Next(1, 65536);

                // Draw the unit value even when skew is disabled so that the rest of the sequence is unchanged.
                var unit = random.NextDouble() * 2 - 1;
                var skew = TimeSpan.FromTicks((long)(unit * maxClockSkew.TotalMicroseconds) * 10);

                var resource = new Resource();
                resource.Attributes.Add(Attr.Str("service.name", name));
                resource.Attributes.Add(Attr.Str("service.version", version));
                resource.Attributes.Add(Attr.Str("service.namespace", "hotrod"));
                resource.Attributes.Add(Attr.Str("service.instance.id", instanceId));
                resource.Attributes.Add(Attr.Str("host.name", host));
                resource.Attributes.Add(Attr.Str("host.arch", "amd64"));
                resource.Attributes.Add(Attr.Str("os.type", "linux"));
                resource.Attributes.Add(Attr.Int("process.pid", pid));
                resource.Attributes.Add(Attr.Str("deployment.environment.name", "demo"));
                resource.Attributes.Add(Attr.Str("telemetry.sdk.name", "opentelemetry"));
                resource.Attributes.Add(Attr.Str("telemetry.sdk.language", "go"));
                resource.Attributes.Add(Attr.Str("telemetry.sdk.version", "1.28.0"));
                instances[i] = new HotRodServiceInstance(name, host, instanceId, address, port, skew, resource, scope);
                all.Add(instances[i]);
            }

            _byService.Add(name, instances);
        }

        All = all;
    }

    /// <summary>Every instance, grouped by service in the order frontend, customer, driver, route, mysql, redis.</summary>
    public IReadOnlyList<HotRodServiceInstance> All { get; }

    public IReadOnlyList<string> ServiceNames { get; } = s_services.Select(s => s.Name).ToArray();

    public IReadOnlyList<HotRodServiceInstance> Instances(string serviceName) => _byService[serviceName];

    internal HotRodServiceInstance Pick(DeterministicRandom random, string serviceName) => random.Pick(_byService[serviceName]);

    private static string RandomToken(DeterministicRandom random, int length, bool hex)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = hex ? HexChars[random.Next(HexChars.Length)] : PodChars[random.Next(PodChars.Length)];
        }

        return new string(chars);
    }
}
