using TraceBackend.Model;

namespace TraceBackend.JaegerModel;

/// <summary>
/// One <see cref="InstrumentationScope"/> per (name, version) for the inputs whose scopes come from tags (Jaeger,
/// Zipkin), so spans of one scope share an instance; the empty pair is <see cref="InstrumentationScope.EmptyScope"/>.
/// Not thread-safe: one per mapper.
/// </summary>
internal sealed class ScopeCache
{
    private readonly Dictionary<(string Name, string Version), InstrumentationScope> _scopes = [];

    public InstrumentationScope Get(string name, string version)
    {
        if (name.Length == 0 && version.Length == 0)
        {
            return InstrumentationScope.EmptyScope;
        }

        if (!_scopes.TryGetValue((name, version), out var scope))
        {
            scope = new InstrumentationScope(name, version);
            _scopes.Add((name, version), scope);
        }

        return scope;
    }
}
