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
/// readers, readers run in parallel. Returned lists are fresh copies owned by the caller; the spans in them are
/// the stored immutable instances (possibly rebuilt on write to share names, keys, resources and scopes).
/// </para>
/// <para>
/// Eviction removes a trace from lookups and search immediately. Service names and operations learnt from
/// evicted traces stay listed (as in Jaeger's memory store) — they describe what was seen, not what is kept.
/// </para>
/// </summary>
public sealed partial class MemoryStore : ITraceStore, IDisposable
{
    private static readonly StorageCapabilities s_capabilities = new() { SearchWithoutServiceName = true, Durable = false };

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly int _maxTraces;
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
        _ring = new TraceRing(_maxTraces);
    }

    public StorageCapabilities Capabilities => s_capabilities;

    public int MaxTraces => _maxTraces;

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

                var operation = service.GetOrAddOperation(span.Name);
                operation.AddKind(span.Kind);
                entry.Append(_canonicalizer.Canonicalize(span, operation.Name));
                if (entry.AddService(service))
                {
                    service.Traces.Add(entry);
                }

                if (entry.AddOperation(operation))
                {
                    operation.Traces.Add(entry);
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
            operation.Traces.OnEntryEvicted();
        }

        entry.ReleaseData();
    }

    private ServiceIndex GetOrAddService(string name)
    {
        if (!_services.TryGetValue(name, out var service))
        {
            service = new ServiceIndex(name);
            _services.Add(name, service);
        }

        return service;
    }
}
