using TraceBackend.Model;

namespace TraceBackend.Query.Json;

/// <summary>
/// Regroups spans into OTLP <c>resourceSpans</c>/<c>scopeSpans</c>. Spans sharing a <see cref="Resource"/> (the
/// same object, or one with equal attributes) go to one resource group; within it, spans sharing a scope (same
/// object, or equal name, version and attributes) go to one scope group. Groups keep first-appearance order.
/// </summary>
public static class OtlpGrouping
{
    public sealed class ResourceGroup(Resource resource)
    {
        public Resource Resource { get; } = resource;

        public List<ScopeGroup> Scopes { get; } = [];
    }

    public sealed class ScopeGroup(InstrumentationScope scope)
    {
        public InstrumentationScope Scope { get; } = scope;

        public List<Span> Spans { get; } = [];
    }

    public static List<ResourceGroup> Group(IEnumerable<Trace> traces)
    {
        var groups = new List<ResourceGroup>();
        var byResource = new Dictionary<Resource, ResourceGroup>(ReferenceEqualityComparer.Instance);
        var byScope = new Dictionary<(ResourceGroup, InstrumentationScope), ScopeGroup>(new ScopeKeyComparer());
        foreach (var trace in traces)
        {
            foreach (var span in trace.Spans)
            {
                if (!byResource.TryGetValue(span.Resource, out var resourceGroup))
                {
                    resourceGroup = groups.Find(g => g.Resource.ContentEquals(span.Resource));
                    if (resourceGroup is null)
                    {
                        resourceGroup = new ResourceGroup(span.Resource);
                        groups.Add(resourceGroup);
                    }

                    byResource[span.Resource] = resourceGroup;
                }

                if (!byScope.TryGetValue((resourceGroup, span.Scope), out var scopeGroup))
                {
                    scopeGroup = resourceGroup.Scopes.Find(g => SameScope(g.Scope, span.Scope));
                    if (scopeGroup is null)
                    {
                        scopeGroup = new ScopeGroup(span.Scope);
                        resourceGroup.Scopes.Add(scopeGroup);
                    }

                    byScope[(resourceGroup, span.Scope)] = scopeGroup;
                }

                scopeGroup.Spans.Add(span);
            }
        }

        return groups;
    }

    private static bool SameScope(InstrumentationScope a, InstrumentationScope b) =>
        ReferenceEquals(a, b)
        || (a.Name == b.Name && a.Version == b.Version && a.DroppedAttributesCount == b.DroppedAttributesCount
            && a.Attributes.AsSpan().SequenceEqual(b.Attributes.AsSpan()));

    private sealed class ScopeKeyComparer : IEqualityComparer<(ResourceGroup, InstrumentationScope)>
    {
        public bool Equals((ResourceGroup, InstrumentationScope) x, (ResourceGroup, InstrumentationScope) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((ResourceGroup, InstrumentationScope) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
