namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// Everything indexed for one service: its traces and its operations. Service and operation entries are
/// never removed (as in Jaeger's memory store), only their trace lists shrink. Mutated under the write lock.
/// </summary>
internal sealed class ServiceIndex
{
    public ServiceIndex(string name) => Name = name;

    /// <summary>The interned service name.</summary>
    public string Name { get; }

    public TraceEntryList Traces { get; } = new();

    /// <summary>Operations by span name (ordinal).</summary>
    public Dictionary<string, OperationIndex> Operations { get; } = new(StringComparer.Ordinal);

    public OperationIndex GetOrAddOperation(string name)
    {
        if (!Operations.TryGetValue(name, out var operation))
        {
            operation = new OperationIndex(name);
            Operations.Add(name, operation);
        }

        return operation;
    }
}
