namespace TraceBackend.Host.Options;

/// <summary>
/// One documented flag: <c>--name</c>, its help text, and how a value applies to the options. A switch
/// (<see cref="IsSwitch"/>) takes no separate value: <c>--demo</c> means true, <c>--demo=false</c> false.
/// </summary>
internal sealed record OptionDefinition(string Name, string ValueName, string Help, Func<TraceBackendOptions, string, TraceBackendOptions> Apply, bool IsSwitch = false)
{
    /// <summary><c>TRACEBACKEND_MEMORY_MAX_TRACES</c> for <c>memory-max-traces</c>.</summary>
    public string EnvironmentVariable => "TRACEBACKEND_" + Name.Replace('-', '_').ToUpperInvariant();
}
