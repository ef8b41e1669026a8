using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Head;

/// <summary>
/// One trace (or trace fragment) in the head: its spans, deduplicated by <see cref="Span.Key"/>, and a summary
/// (start range, services, operations, WAL position, times) that lets search and the flush policy skip it without
/// touching its spans. Mutated only under the store's write lock.
/// Invariant: slots [0, <see cref="Count"/>) of the span array never change once written — appends write past the
/// count and growth copies into a new array — so a <see cref="Snapshot"/> taken under the read lock stays valid and
/// unchanged after the lock is released (reads and the flush work on such snapshots).
/// </summary>
internal sealed class HeadTrace
{
    /// <summary>Up to this many spans, duplicates are found by a linear scan; above it a key set is kept.</summary>
    internal const int KeySetThreshold = 32;

    private Span[] _spans = new Span[4];
    private int _count;
    private HashSet<SpanKey>? _keys;
    private HeadService[] _services = new HeadService[2];
    private int _serviceCount;
    private HeadOperationRef[] _operations = new HeadOperationRef[2];
    private int _operationCount;

    // WAL record of each run of appended spans: run i covers positions [_runStarts[i], _runStarts[i + 1]).
    private int[] _runStarts = new int[2];
    private long[] _runIndexes = new long[2];
    private int _runCount;

    public HeadTrace(TraceId traceId, long nowTicks)
    {
        TraceId = traceId;
        FirstSeenTicks = nowTicks;
    }

    public TraceId TraceId { get; }

    public int Count => _count;

    /// <summary>Smallest WAL record index holding a span of this fragment (<see cref="long.MaxValue"/> when empty).</summary>
    public long FirstWalIndex { get; private set; } = long.MaxValue;

    /// <summary><see cref="TimeProvider.GetUtcNow"/> ticks when the fragment got its first span.</summary>
    public long FirstSeenTicks { get; }

    /// <summary><see cref="TimeProvider.GetUtcNow"/> ticks when the fragment last got a new span.</summary>
    public long LastUpdateTicks { get; private set; } = long.MinValue;

    /// <summary>Earliest span start (Unix ns); <see cref="ulong.MaxValue"/> while empty.</summary>
    public ulong MinStart { get; private set; } = ulong.MaxValue;

    /// <summary>Latest span start (Unix ns).</summary>
    public ulong MaxStart { get; private set; }

    /// <summary>The spans as they are now; stays valid (and unchanged) after the lock is released.</summary>
    public ArraySegment<Span> Snapshot => new(_spans, 0, _count);

    public ReadOnlySpan<HeadService> Services => _services.AsSpan(0, _serviceCount);

    public ReadOnlySpan<HeadOperationRef> Operations => _operations.AsSpan(0, _operationCount);

    public bool Contains(in SpanKey key)
    {
        if (_keys is not null)
        {
            return _keys.Contains(key);
        }

        foreach (var span in _spans.AsSpan(0, _count))
        {
            if (span.SpanId == key.SpanId && span.Key == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Appends a span the caller checked with <see cref="Contains"/>, written in WAL record <paramref name="walIndex"/>.</summary>
    public void Append(Span span, long walIndex, long nowTicks)
    {
        if (_runCount == 0 || _runIndexes[_runCount - 1] != walIndex)
        {
            if (_runCount == _runStarts.Length)
            {
                Array.Resize(ref _runStarts, _runCount * 2);
                Array.Resize(ref _runIndexes, _runCount * 2);
            }

            _runStarts[_runCount] = _count;
            _runIndexes[_runCount] = walIndex;
            _runCount++;
        }

        if (walIndex < FirstWalIndex)
        {
            FirstWalIndex = walIndex;
        }

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
            foreach (var s in _spans.AsSpan(0, _count))
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

        if (nowTicks > LastUpdateTicks)
        {
            LastUpdateTicks = nowTicks;
        }
    }

    /// <summary>The WAL record index of the span at <paramref name="position"/>.</summary>
    public long WalIndexAt(int position)
    {
        var run = _runCount - 1;
        while (run > 0 && _runStarts[run] > position)
        {
            run--;
        }

        return _runIndexes[run];
    }

    /// <summary>Records that the trace has a span of <paramref name="service"/>; true when it is new for the trace.</summary>
    public bool AddService(HeadService service)
    {
        foreach (var s in Services)
        {
            if (ReferenceEquals(s, service))
            {
                return false;
            }
        }

        if (_serviceCount == _services.Length)
        {
            Array.Resize(ref _services, _serviceCount * 2);
        }

        _services[_serviceCount++] = service;
        return true;
    }

    /// <summary>
    /// Records that the trace has a span of this operation; returns the new entry, or null when the trace already
    /// had it (no allocation then).
    /// </summary>
    public Operation? AddOperation(HeadService service, string name, SpanKind kind)
    {
        foreach (var o in Operations)
        {
            if (o.Operation.Kind == kind && ReferenceEquals(o.Service, service) && o.Operation.Name == name)
            {
                return null;
            }
        }

        if (_operationCount == _operations.Length)
        {
            Array.Resize(ref _operations, _operationCount * 2);
        }

        var operation = new Operation(name, kind);
        _operations[_operationCount++] = new HeadOperationRef(service, operation);
        return operation;
    }

    /// <summary>False when no span of the trace (any service) has this name.</summary>
    public bool MayHaveOperationNamed(string name)
    {
        foreach (var o in Operations)
        {
            if (o.Operation.Name == name)
            {
                return true;
            }
        }

        return false;
    }
}
