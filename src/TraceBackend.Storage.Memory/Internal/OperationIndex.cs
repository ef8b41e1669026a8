using System.Diagnostics;
using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// One listed span name of a service: the span kinds it was seen with and the live traces that contain it.
/// The trace list exists only while some trace added to it may still be live: it is created by the first
/// trace and dropped once evictions compact it to empty, so a name whose traces are all gone costs only the
/// name and its kinds (as Jaeger's memory store keeps names). Mutated only under the store's write lock.
/// </summary>
internal sealed class OperationIndex
{
    private int _kinds;

    public OperationIndex(string name) => Name = name;

    /// <summary>The interned span name; stored spans share this instance.</summary>
    public string Name { get; }

    /// <summary>
    /// Traces of the service with a span of this name, oldest first (see <see cref="TraceEntryList"/>);
    /// null when none is stored.
    /// </summary>
    public TraceEntryList? Traces { get; private set; }

    public void AddKind(SpanKind kind) => _kinds |= 1 << (int)kind;

    public bool HasKind(SpanKind kind) => (_kinds & (1 << (int)kind)) != 0;

    /// <summary>Adds a trace that just got its first span of this operation.</summary>
    public void AddTrace(TraceEntry entry) => (Traces ??= new TraceEntryList()).Add(entry);

    /// <summary>
    /// Called once per evicted trace that was added with <see cref="AddTrace"/>. The list can only compact to
    /// empty after every trace it held was evicted and reported, so no report can arrive for a dropped list.
    /// </summary>
    public void OnTraceEvicted()
    {
        Debug.Assert(Traces is not null, "eviction reported for an operation without traces");
        if (Traces is null)
        {
            return;
        }

        Traces.OnEntryEvicted();
        if (Traces.Count == 0)
        {
            Traces = null;
        }
    }
}
