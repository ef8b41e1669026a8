using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>One span name of a service: the span kinds it was seen with and the traces that contain it.</summary>
internal sealed class OperationIndex
{
    private int _kinds;

    public OperationIndex(string name) => Name = name;

    /// <summary>The interned span name; stored spans share this instance.</summary>
    public string Name { get; }

    public TraceEntryList Traces { get; } = new();

    public void AddKind(SpanKind kind) => _kinds |= 1 << (int)kind;

    public bool HasKind(SpanKind kind) => (_kinds & (1 << (int)kind)) != 0;
}
