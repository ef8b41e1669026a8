namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// Everything indexed for one service: its traces and its operations. Service entries and operation names
/// are never removed (as in Jaeger's memory store); trace lists shrink, and an operation drops its list once
/// none of its traces is stored. At most <c>maxOperations</c> names are listed; a span name first seen beyond
/// that cap is never listed (names are never removed, so the cap stays reached). Hence a listed operation's
/// trace list holds every stored trace with a span of that name in this service, and spans with unlisted names
/// are found through <see cref="Traces"/> and <see cref="TraceEntry.HasUnlistedOperation"/>.
/// Mutated under the write lock.
/// </summary>
internal sealed class ServiceIndex
{
    private readonly int _maxOperations;

    public ServiceIndex(string name, int maxOperations)
    {
        Name = name;
        _maxOperations = maxOperations;
    }

    /// <summary>The interned service name.</summary>
    public string Name { get; }

    public TraceEntryList Traces { get; } = new();

    /// <summary>Listed operations by span name (ordinal); at most the cap given to the constructor.</summary>
    public Dictionary<string, OperationIndex> Operations { get; } = new(StringComparer.Ordinal);

    /// <summary>True once a span name of this service was refused by the cap.</summary>
    public bool HasUnlistedOperations { get; private set; }

    /// <summary>The operation named <paramref name="name"/>, added if the cap allows; null when the name is over the cap.</summary>
    public OperationIndex? GetOrAddOperation(string name)
    {
        if (Operations.TryGetValue(name, out var operation))
        {
            return operation;
        }

        if (Operations.Count >= _maxOperations)
        {
            HasUnlistedOperations = true;
            return null;
        }

        operation = new OperationIndex(name);
        Operations.Add(name, operation);
        return operation;
    }
}
