namespace TraceBackend.Host.Options;

/// <summary>One documented flag: <c>--name</c>, its help text, and how a value applies to the options.</summary>
internal sealed record OptionDefinition(string Name, string ValueName, string Help, Func<TraceBackendOptions, string, TraceBackendOptions> Apply)
{
    /// <summary><c>TRACEBACKEND_MEMORY_MAX_TRACES</c> for <c>memory-max-traces</c>.</summary>
    public string EnvironmentVariable => "TRACEBACKEND_" + Name.Replace('-', '_').ToUpperInvariant();
}
