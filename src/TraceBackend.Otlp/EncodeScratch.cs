using TraceBackend.Model;

namespace TraceBackend.Otlp;

/// <summary>
/// The reusable work buffers of one <see cref="OtlpProtobufEncoder"/> call (one per thread, reused across
/// calls): the batch's grouping into ResourceSpans/ScopeSpans and the sizes of its nested messages.
/// <see cref="Reset"/> empties them (and drops their references to model objects).
/// </summary>
internal sealed class EncodeScratch
{
    /// <summary>Buffers grown by one unusually large batch are not worth keeping per thread.</summary>
    public const int MaxRetainedCapacity = 1 << 16;

    /// <summary>Distinct resources (by content) in first-appearance order; a group is its index here.</summary>
    public List<Resource> Resources { get; } = [];

    /// <summary>Scope groups in creation (first-appearance) order.</summary>
    public List<ScopeGroup> Scopes { get; } = [];

    public Dictionary<Resource, int> ResourceByIdentity { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Keyed by resource group and scope object (InstrumentationScope has reference equality).</summary>
    public Dictionary<(int Resource, InstrumentationScope Scope), int> ScopeByIdentity { get; } = [];

    /// <summary>Scope group indices ordered by resource group, then creation (the order they are written in).</summary>
    public List<int> ScopeOrder { get; } = [];

    /// <summary>The scope group of each span, by span index.</summary>
    public int[] SpanGroups { get; private set; } = [];

    /// <summary>Span indices in written order: grouped, input order within a group.</summary>
    public int[] SpanOrder { get; private set; } = [];

    /// <summary>
    /// Payload sizes of every nested message, in the pre-order both passes walk: a message's entry is
    /// reserved before its children's.
    /// </summary>
    public List<int> Sizes { get; } = [];

    public bool IsOversized => Sizes.Capacity > MaxRetainedCapacity || SpanOrder.Length > MaxRetainedCapacity || Scopes.Capacity > MaxRetainedCapacity;

    public void EnsureSpanCapacity(int count)
    {
        if (SpanGroups.Length < count)
        {
            SpanGroups = new int[count];
            SpanOrder = new int[count];
        }
    }

    public void Reset()
    {
        Resources.Clear();
        Scopes.Clear();
        ResourceByIdentity.Clear();
        ScopeByIdentity.Clear();
        ScopeOrder.Clear();
        Sizes.Clear();
    }

    /// <summary>One ScopeSpans: its resource group, scope, span count and first slot in <see cref="SpanOrder"/>.</summary>
    public struct ScopeGroup
    {
        public int Resource;
        public InstrumentationScope Scope;
        public int Count;
        public int Start;
    }
}
