using System.Runtime.InteropServices;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Head;

/// <summary>
/// The live traces of the embedded store: every acknowledged span not yet cut into a block, deduplicated by
/// <see cref="Span.Key"/> per trace, indexed by trace ID and by service, with each service's operations counted
/// over the head traces that have them. Not thread-safe: the store calls it under its lock (writes under the write
/// lock; reads under the read lock, then work on <see cref="HeadTrace.Snapshot"/>s after releasing it).
/// </summary>
internal sealed class TraceHead
{
    private readonly Dictionary<TraceId, HeadTrace> _traces = [];
    private readonly Dictionary<string, HeadService> _services = new(StringComparer.Ordinal);
    private long _spanCount;

    public int TraceCount => _traces.Count;

    /// <summary>Spans in the head (all fragments).</summary>
    public long SpanCount => _spanCount;

    public IEnumerable<HeadTrace> Traces => _traces.Values;

    public IReadOnlyDictionary<string, HeadService> Services => _services;

    public bool TryGet(TraceId traceId, out HeadTrace trace) => _traces.TryGetValue(traceId, out trace!);

    /// <summary>
    /// Adds the spans written in WAL record <paramref name="walIndex"/>; a span whose key its trace already holds is
    /// skipped. Returns how many spans were added.
    /// </summary>
    public int Add(IReadOnlyList<Span> spans, long walIndex, long nowTicks)
    {
        var added = 0;
        HeadTrace? trace = null;
        HeadService? service = null;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            if (trace is null || trace.TraceId != span.TraceId)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_traces, span.TraceId, out _);
                trace = slot ??= new HeadTrace(span.TraceId, nowTicks);
            }

            if (AddSpan(trace, span, walIndex, nowTicks, ref service))
            {
                added++;
            }
        }

        _spanCount += added;
        return added;
    }

    /// <summary>Removes a whole fragment (flushed into a block).</summary>
    public void Remove(HeadTrace trace)
    {
        if (!_traces.Remove(trace.TraceId, out var stored) || !ReferenceEquals(stored, trace))
        {
            throw new InvalidOperationException($"head trace {trace.TraceId} is not the stored fragment");
        }

        _spanCount -= trace.Count;
        foreach (var service in trace.Services)
        {
            service.Traces.Remove(trace);
        }

        foreach (var (service, operation) in trace.Operations)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(service.OperationTraceCounts, operation);
            if (--count == 0)
            {
                service.OperationTraceCounts.Remove(operation);
            }
        }

        foreach (var service in trace.Services)
        {
            if (service.Traces.Count == 0)
            {
                _services.Remove(service.Name);
            }
        }
    }

    /// <summary>
    /// Removes the first <paramref name="flushedCount"/> spans of <paramref name="trace"/> (they are in a block now);
    /// spans appended after them stay as a new fragment with its own WAL position and summary.
    /// </summary>
    public void RemoveFlushed(HeadTrace trace, int flushedCount, long nowTicks)
    {
        var spans = trace.Snapshot;
        Remove(trace);
        if (spans.Count == flushedCount)
        {
            return;
        }

        var rest = new HeadTrace(trace.TraceId, nowTicks);
        _traces.Add(trace.TraceId, rest);
        HeadService? service = null;
        for (var i = flushedCount; i < spans.Count; i++)
        {
            AddSpan(rest, spans[i], trace.WalIndexAt(i), trace.LastUpdateTicks, ref service);
        }

        _spanCount += rest.Count;
    }

    private bool AddSpan(HeadTrace trace, Span span, long walIndex, long nowTicks, ref HeadService? service)
    {
        if (trace.Contains(span.Key))
        {
            return false;
        }

        var serviceName = span.ServiceName;
        if (service is null || service.Name != serviceName)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_services, serviceName, out _);
            service = slot ??= new HeadService(serviceName);
        }

        trace.Append(span, walIndex, nowTicks);
        if (trace.AddService(service))
        {
            service.Traces.Add(trace);
        }

        if (trace.AddOperation(service, span.Name, span.Kind) is { } operation)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(service.OperationTraceCounts, operation, out _)++;
        }

        return true;
    }
}
