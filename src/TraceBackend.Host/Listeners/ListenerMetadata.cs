namespace TraceBackend.Host.Listeners;

/// <summary>Endpoint metadata: the endpoint is reachable only on connections accepted by the named listener.</summary>
public sealed record ListenerMetadata(string Name);
