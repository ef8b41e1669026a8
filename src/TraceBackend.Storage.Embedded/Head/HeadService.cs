using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Head;

/// <summary>
/// A service with spans in the head: the head traces that have one of its spans, and its operations with how many
/// of those traces have each (an operation is listed while its count is positive). Mutated under the store's write
/// lock only.
/// </summary>
internal sealed class HeadService(string name)
{
    public string Name { get; } = name;

    public HashSet<HeadTrace> Traces { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Operation → number of head traces of this service with a span of it (compared by value).</summary>
    public Dictionary<Operation, int> OperationTraceCounts { get; } = [];
}
