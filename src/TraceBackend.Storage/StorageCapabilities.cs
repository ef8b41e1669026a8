namespace TraceBackend.Storage;

/// <summary>Optional abilities of a backend. Defaults describe a fully capable store.</summary>
public sealed record StorageCapabilities
{
    /// <summary><see cref="ITraceReader.FindTracesAsync"/> accepts queries without a service name.</summary>
    public bool SearchWithoutServiceName { get; init; } = true;

    /// <summary>Spans survive a restart of the process.</summary>
    public bool Durable { get; init; } = true;
}
