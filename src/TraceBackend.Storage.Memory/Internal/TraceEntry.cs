using TraceBackend.Model;

namespace TraceBackend.Storage.Memory.Internal;

/// <summary>
/// One stored trace: its spans plus a summary (start range, services, operations) that lets search skip the
/// trace without touching its spans. Mutated only under the store's write lock.
/// Invariant: slots [0, <see cref="Count"/>) of the span array never change once written — appends write
/// past the count, growth copies into a new array and <see cref="ReleaseData"/> drops the reference without
/// clearing — so a <see cref="Snapshot"/> taken under the read lock stays valid after the lock is released
/// (search and dependencies match spans outside the lock on such snapshots).
/// </summary>
internal sealed class TraceEntry
{
    /// <summary>Up to this many spans, duplicates are found by a linear scan; above it a key set is kept.</summary>
    internal const int KeySetThreshold = 32;

    private Span[] _spans = new Span[4];
    private int _count;
    private HashSet<SpanKey>? _keys;
    private ServiceIndex[] _services = new ServiceIndex[2];
    private int _serviceCount;
    private OperationIndex[] _operations = new OperationIndex[4];
    private int _operationCount;

    public TraceEntry(TraceId traceId, long sequence)
    {
        TraceId = traceId;
        Sequence = sequence;
    }

    public TraceId TraceId { get; }

    /// <summary>Insertion order of the trace (first span); eviction removes the lowest sequence first.</summary>
    public long Sequence { get; }

    /// <summary>Earliest span start (Unix ns); <see cref="ulong.MaxValue"/> while the trace has no span.</summary>
    public ulong MinStart { get; private set; } = ulong.MaxValue;

    /// <summary>Latest span start (Unix ns); an upper bound for any matching span's start.</summary>
    public ulong MaxStart { get; private set; }

    /// <summary>Set once the trace left the store; index lists may still point here until compacted.</summary>
    public bool IsEvicted { get; private set; }

    public int Count => _count;

    public ReadOnlySpan<Span> Spans => _spans.AsSpan(0, _count);

    /// <summary>The spans as they are now; stays valid (and unchanged) after the lock is released.</summary>
    public ArraySegment<Span> Snapshot => new(_spans, 0, _count);

    public ReadOnlySpan<ServiceIndex> Services => _services.AsSpan(0, _serviceCount);

    public ReadOnlySpan<OperationIndex> Operations => _operations.AsSpan(0, _operationCount);

    public Span[] CopySpans() => Spans.ToArray();

    public bool Contains(in SpanKey key)
    {
        if (_keys is not null)
        {
            return _keys.Contains(key);
        }

        foreach (var span in Spans)
        {
            if (span.SpanId == key.SpanId && span.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appends a span the caller checked with <see cref="Contains"/>.</summary>
    public void Append(Span span)
    {
        if (_count == _spans.Length)
        {
            Array.Resize(ref _spans, _count * 2);
        }

        _spans[_count++] = span;
        if (_keys is not null)
        {
            _keys.Add(span.Key);
        }
        else if (_count > KeySetThreshold)
        {
            _keys = new HashSet<SpanKey>(_count * 2);
            foreach (var s in Spans)
            {
                _keys.Add(s.Key);
            }
        }

        var start = span.StartTimeUnixNano;
        if (start < MinStart)
        {
            MinStart = start;
        }

        if (start > MaxStart)
        {
            MaxStart = start;
        }
    }

    /// <summary>Records that the trace has a span of <paramref name="service"/>; true when it is new for the trace.</summary>
    public bool AddService(ServiceIndex service)
    {
        if (HasService(service))
        {
            return false;
        }

        if (_serviceCount == _services.Length)
        {
            Array.Resize(ref _services, _serviceCount * 2);
        }

        _services[_serviceCount++] = service;
        return true;
    }

    public bool HasService(ServiceIndex service)
    {
        foreach (var s in Services)
        {
            if (ReferenceEquals(s, service))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records that the trace has a span of <paramref name="operation"/>; true when it is new for the trace.</summary>
    public bool AddOperation(OperationIndex operation)
    {
        foreach (var o in Operations)
        {
            if (ReferenceEquals(o, operation))
            {
                return false;
            }
        }

        if (_operationCount == _operations.Length)
        {
            Array.Resize(ref _operations, _operationCount * 2);
        }

        _operations[_operationCount++] = operation;
        return true;
    }

    /// <summary>
    /// True when some span of the trace has a name its service does not list (over
    /// <see cref="MemoryStoreOptions.MaxOperationsPerService"/>); such names are not in <see cref="Operations"/>.
    /// </summary>
    public bool HasUnlistedOperation { get; private set; }

    /// <summary>Records that a span of the trace has a name its service does not list.</summary>
    public void MarkUnlistedOperation() => HasUnlistedOperation = true;

    /// <summary>
    /// False when no span of the trace (any service) has this name; true when one does or, for a trace with
    /// unlisted operations, may (the caller matches spans by name anyway).
    /// </summary>
    public bool MayHaveOperationNamed(string name)
    {
        if (HasUnlistedOperation)
        {
            return true;
        }

        foreach (var o in Operations)
        {
            if (o.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Marks the trace evicted: from now on readers skip it. The caller then notifies the index lists
    /// (<see cref="Services"/>, <see cref="Operations"/>) and calls <see cref="ReleaseData"/>.
    /// </summary>
    public void MarkEvicted() => IsEvicted = true;

    /// <summary>
    /// Drops the data of an evicted trace; the entry stays a small tombstone until the index lists holding it
    /// are compacted. Snapshots taken earlier keep their own array reference.
    /// </summary>
    public void ReleaseData()
    {
        _spans = [];
        _count = 0;
        _keys = null;
        _services = [];
        _serviceCount = 0;
        _operations = [];
        _operationCount = 0;
    }
}
