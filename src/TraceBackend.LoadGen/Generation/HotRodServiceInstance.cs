using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace TraceBackend.LoadGen.Generation;

/// <summary>
/// One process of a HotROD service on one host. <see cref="Resource"/> and <see cref="Scope"/> are shared by
/// every trace the instance reports: treat them as immutable.
/// </summary>
public sealed class HotRodServiceInstance
{
    internal HotRodServiceInstance(
        string serviceName, string hostName, string instanceId, string address, int port, TimeSpan clockSkew, Resource resource, InstrumentationScope scope)
    {
        ServiceName = serviceName;
        HostName = hostName;
        InstanceId = instanceId;
        Address = address;
        Port = port;
        ClockSkew = clockSkew;
        Resource = resource;
        Scope = scope;
    }

    public string ServiceName { get; }

    public string HostName { get; }

    public string InstanceId { get; }

    /// <summary>IPv4 address peers see (network.peer.address).</summary>
    public string Address { get; }

    /// <summary>Listening port of the service (server.port).</summary>
    public int Port { get; }

    /// <summary>Fixed offset added to every timestamp this instance reports (whole microseconds).</summary>
    public TimeSpan ClockSkew { get; }

    internal long ClockSkewNanos => ClockSkew.Ticks * 100;

    public Resource Resource { get; }

    public InstrumentationScope Scope { get; }
}
