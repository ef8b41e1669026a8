using TraceBackend.Model;
using TraceBackend.Storage.Memory.Internal;

namespace TraceBackend.Storage.Memory;

/// <summary>
/// A bounded, non-durable trace store kept in process memory. Holds at most
/// <see cref="MemoryStoreOptions.MaxTraces"/> traces; when a span of a new trace arrives and the store is full,
/// the trace that was inserted first is evicted (a FIFO ring, as Jaeger's memory store), even if it still
/// receives spans. Spans of a stored trace are appended without evicting anything.
/// <para>
/// Thread safety: one <see cref="ReaderWriterLockSlim"/>; a write batch is applied atomically with respect to
/// readers, readers run in parallel. Search and dependencies hold the read lock only to collect snapshots of
/// the candidate traces (cheap summary checks, no span scan) and match spans after releasing it, so a slow
/// search never stalls the writer (the lock gives waiting writers priority, so it would also stall every
/// later reader). Such a read sees the traces as they were when it collected them: one evicted or appended to
/// meanwhile is returned as of that moment. Returned lists are fresh copies owned by the caller; the spans in
/// them are the stored immutable instances (possibly rebuilt on write to share names, keys, resources and
/// scopes).
/// </para>
/// <para>
/// Eviction removes a trace from lookups and search immediately. Service names and operations learnt from
/// evicted traces stay listed (as in Jaeger's memory store) — they describe what was seen, not what is kept.
/// An operation whose traces are all evicted keeps only its name and span kinds. At most
/// <see cref="MemoryStoreOptions.MaxOperationsPerService"/> names are listed per service: spans with names
/// beyond that are stored and searchable by operation name but the names are not listed. Services are not
/// capped: there are few of them, and each costs a name and a trace list bounded by the stored traces.
/// </para>
/// </summary>
public sealed partial class MemoryStore : ITraceStore, IDisposable
{
    private static readonly StorageCapabilities s_capabilities = new() { SearchWithoutServiceName = true, Durable = false };

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly int _maxTraces;
    private readonly int _maxOperationsPerService;
    private readonly Dictionary<TraceId, TraceEntry> _traces = [];
    private readonly TraceRing _ring;
    private readonly Dictionary<string, ServiceIndex> _services = new(StringComparer.Ordinal);
    private readonly SpanCanonicalizer _canonicalizer = new();
    private long _nextSequence;

    public MemoryStore()
        : this(new MemoryStoreOptions())
    {
    }

    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public MemoryStore(MemoryStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _maxTraces = options.MaxTraces;
        _maxOperationsPerService = options.MaxOperationsPerService;
        _ring = new TraceRing(_maxTraces);
    }

    public StorageCapabilities Capabilities => s_capabilities;

    public int MaxTraces => _maxTraces;

    public int MaxOperationsPerService => _maxOperationsPerService;

    /// <summary>Number of traces currently stored.</summary>
    public int TraceCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _traces.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Stores the batch (see <see cref="ITraceWriter.WriteAsync"/>). Completes synchronously. Exception to the
    /// writer contract: a batch with spans of more than <see cref="MaxTraces"/> new traces evicts its own
    /// earliest traces.
    /// </summary>
    public ValueTask WriteAsync(IReadOnlyList<Span> spans, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spans);
        cancellationToken.ThrowIfCancellationRequested();
        for (var i = 0; i < spans.Count; i++)
        {
            if (spans[i] is null)
            {
                throw new ArgumentException($"span at index {i} is null", nameof(spans));
            }
        }

        if (spans.Count == 0)
        {
            return default;
        }

        _lock.EnterWriteLock();
        try
        {
            TraceEntry? entry = null;
            ServiceIndex? service = null;
            for (var i = 0; i < spans.Count; i++)
            {
                var span = spans[i];
                if (entry is null || entry.IsEvicted || entry.TraceId != span.TraceId)
                {
                    entry = GetOrAddTrace(span.TraceId);
                }

                if (entry.Contains(span.Key))
                {
                    continue;
                }

                if (service is null || service.Name != span.ServiceName)
                {
                    service = GetOrAddService(span.ServiceName);
                }

                // Null beyond the service's operation cap: the span is stored and indexed by service only.
                var operation = service.GetOrAddOperation(span.Name);
                if (operation is null)
                {
                    entry.MarkUnlistedOperation();
                }
                else
                {
                    operation.AddKind(span.Kind);
                }

                entry.Append(_canonicalizer.Canonicalize(span, operation?.Name ?? span.Name));
                if (entry.AddService(service))
                {
                    service.Traces.Add(entry);
                }

                if (operation is not null && entry.AddOperation(operation))
                {
                    operation.AddTrace(entry);
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        return default;
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Entries in a service's index list, evicted ones not yet compacted included (tests).</summary>
    internal int IndexedTraceEntries(string serviceName)
    {
        _lock.EnterReadLock();
        try
        {
            return _services.TryGetValue(serviceName, out var service) ? service.Traces.Count : 0;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Operations of a service that currently hold a trace list (tests).</summary>
    internal int OperationTraceLists(string serviceName)
    {
        _lock.EnterReadLock();
        try
        {
            var lists = 0;
            if (_services.TryGetValue(serviceName, out var service))
            {
                foreach (var operation in service.Operations.Values)
                {
                    lists += operation.Traces is null ? 0 : 1;
                }
            }

            return lists;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private TraceEntry GetOrAddTrace(TraceId traceId)
    {
        if (_traces.TryGetValue(traceId, out var entry))
        {
            return entry;
        }

        if (_ring.IsFull)
        {
            Evict(_ring.RemoveOldest());
        }

        entry = new TraceEntry(traceId, _nextSequence++);
        _traces.Add(traceId, entry);
        _ring.Add(entry);
        return entry;
    }

    private void Evict(TraceEntry entry)
    {
        _traces.Remove(entry.TraceId);
        entry.MarkEvicted();
        foreach (var service in entry.Services)
        {
            service.Traces.OnEntryEvicted();
        }

        foreach (var operation in entry.Operations)
        {
            operation.OnTraceEvicted();
        }

        entry.ReleaseData();
    }

    private ServiceIndex GetOrAddService(string name)
    {
        if (!_services.TryGetValue(name, out var service))
        {
            service = new ServiceIndex(name, _maxOperationsPerService);
            _services.Add(name, service);
        }

        return service;
    }
}
