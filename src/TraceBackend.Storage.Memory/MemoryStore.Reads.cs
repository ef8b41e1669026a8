using TraceBackend.Model;
using TraceBackend.Storage.Memory.Internal;

namespace TraceBackend.Storage.Memory;

public sealed partial class MemoryStore
{
    /// <summary>
    /// See <see cref="ITraceReader.GetTracesAsync"/>. The time window of a request is ignored: a lookup by ID is
    /// a dictionary hit either way.
    /// </summary>
    public ValueTask<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<TraceGetRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        cancellationToken.ThrowIfCancellationRequested();
        var traces = new List<Trace>(requests.Count);
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < requests.Count; i++)
            {
                if (_traces.TryGetValue(requests[i].TraceId, out var entry))
                {
                    traces.Add(new Trace(entry.TraceId, entry.CopySpans()));
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return new ValueTask<IReadOnlyList<Trace>>(traces);
    }

    /// <summary>
    /// See <see cref="ITraceReader.GetServicesAsync"/>. Includes services whose traces were all evicted; spans
    /// without a <c>service.name</c> (empty service) are stored but the empty name is not listed.
    /// </summary>
    public ValueTask<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<string> names;
        _lock.EnterReadLock();
        try
        {
            names = new List<string>(_services.Count);
            foreach (var name in _services.Keys)
            {
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        names.Sort(StringComparer.Ordinal);
        return new ValueTask<IReadOnlyList<string>>(names);
    }

    /// <summary>See <see cref="ITraceReader.GetOperationsAsync"/>. Includes operations of evicted traces.</summary>
    public ValueTask<IReadOnlyList<Operation>> GetOperationsAsync(OperationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var operations = new List<Operation>();
        _lock.EnterReadLock();
        try
        {
            if (_services.TryGetValue(query.ServiceName ?? "", out var service))
            {
                foreach (var operation in service.Operations.Values)
                {
                    for (var kind = SpanKind.Unspecified; kind <= SpanKind.Consumer; kind++)
                    {
                        if (operation.HasKind(kind) && (query.Kind is null || query.Kind == kind))
                        {
                            operations.Add(new Operation(operation.Name, kind));
                        }
                    }
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        operations.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Name, b.Name);
            return c != 0 ? c : a.Kind.CompareTo(b.Kind);
        });
        return new ValueTask<IReadOnlyList<Operation>>(operations);
    }

    /// <summary>
    /// See <see cref="IDependencyReader.GetDependenciesAsync"/>: computed on the fly with
    /// <see cref="DependencyCalculator"/> over every stored trace that has a span starting in the window (bounds
    /// inclusive). A negative lookback is an empty window. The lock is held only to snapshot candidates.
    /// </summary>
    public ValueTask<IReadOnlyList<DependencyLink>> GetDependenciesAsync(DateTimeOffset endTime, TimeSpan lookback, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (lookback < TimeSpan.Zero)
        {
            return new ValueTask<IReadOnlyList<DependencyLink>>(Array.Empty<DependencyLink>());
        }

        var endTicks = endTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var high = TicksToNanos(endTicks);
        var low = TicksToNanos(endTicks - Math.Min(lookback.Ticks, Math.Max(endTicks, 0)));
        var candidates = new List<ArraySegment<Span>>();
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < _ring.Count; i++)
            {
                var entry = _ring.GetNewest(i);
                if (entry.MaxStart >= low && entry.MinStart <= high)
                {
                    candidates.Add(entry.Snapshot);
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        var calculator = new DependencyCalculator();
        for (var i = 0; i < candidates.Count; i++)
        {
            if ((i & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var spans = candidates[i];
            if (HasSpanStartingIn(spans, low, high))
            {
                calculator.AddTrace(spans);
            }
        }

        return new ValueTask<IReadOnlyList<DependencyLink>>(calculator.ToLinks());
    }

    private static bool HasSpanStartingIn(ArraySegment<Span> spans, ulong low, ulong high)
    {
        foreach (var span in spans.AsSpan())
        {
            if (span.StartTimeUnixNano >= low && span.StartTimeUnixNano <= high)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Ticks since the Unix epoch to nanoseconds, clamped to [0, <see cref="ulong.MaxValue"/>].</summary>
    private static ulong TicksToNanos(long ticks) =>
        ticks <= 0 ? 0 : (ulong)ticks >= ulong.MaxValue / 100 ? ulong.MaxValue : (ulong)ticks * 100;
}
