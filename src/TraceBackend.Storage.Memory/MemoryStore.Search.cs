using TraceBackend.Model;
using TraceBackend.Storage.Memory.Internal;

namespace TraceBackend.Storage.Memory;

public sealed partial class MemoryStore
{
    /// <summary>
    /// See <see cref="ITraceReader.FindTracesAsync"/>. Candidates come from the most selective index: the
    /// (service, operation) list, else the service list, else every trace newest first. A candidate's spans are
    /// scanned with <see cref="SpanMatcher"/> only when its summary overlaps the query window and its latest
    /// start could still beat the weakest of the best <see cref="TraceQuery.SearchDepth"/> hits found so far,
    /// so once enough recent hits are found older traces cost a few comparisons each. Runs under the read lock.
    /// </summary>
    public ValueTask<IReadOnlyList<Trace>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var matcher = new SpanMatcher(query);
        if (matcher.StartMinNanos > matcher.StartMaxNanos)
        {
            return new ValueTask<IReadOnlyList<Trace>>(Array.Empty<Trace>());
        }

        var top = new TopTraces(query.EffectiveSearchDepth);
        var operationName = query.OperationName is { Length: > 0 } op ? op : null;
        _lock.EnterReadLock();
        try
        {
            if (query.ServiceName is { Length: > 0 } serviceName)
            {
                if (_services.TryGetValue(serviceName, out var service))
                {
                    TraceEntryList? candidates = service.Traces;
                    if (operationName is not null)
                    {
                        candidates = service.Operations.TryGetValue(operationName, out var operation) ? operation.Traces : null;
                    }

                    if (candidates is not null)
                    {
                        // Newest-indexed first: recent hits raise the admission bar early.
                        for (var i = candidates.Count - 1; i >= 0; i--)
                        {
                            ThrowIfCancelledEvery(i, cancellationToken);
                            Consider(candidates[i], matcher, top);
                        }
                    }
                }
            }
            else
            {
                for (var i = 0; i < _ring.Count; i++)
                {
                    ThrowIfCancelledEvery(i, cancellationToken);
                    var entry = _ring.GetNewest(i);
                    if (operationName is null || entry.HasOperationNamed(operationName))
                    {
                        Consider(entry, matcher, top);
                    }
                }
            }

            return new ValueTask<IReadOnlyList<Trace>>(top.ToTraces());
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private static void Consider(TraceEntry entry, SpanMatcher matcher, TopTraces top)
    {
        if (entry.IsEvicted || entry.MaxStart < matcher.StartMinNanos || entry.MinStart > matcher.StartMaxNanos)
        {
            return;
        }

        // No span of the trace can rank higher than its latest start inside the window.
        var bound = Math.Min(entry.MaxStart, matcher.StartMaxNanos);
        if (!top.CouldAccept(bound, entry.Sequence))
        {
            return;
        }

        var found = false;
        ulong latest = 0;
        foreach (var span in entry.Spans)
        {
            var start = span.StartTimeUnixNano;
            if ((found && start <= latest) || !top.CouldAccept(start, entry.Sequence) || !matcher.Matches(span))
            {
                continue;
            }

            found = true;
            latest = start;
            if (latest == bound)
            {
                break;
            }
        }

        if (found)
        {
            top.Offer(entry, latest);
        }
    }

    private static void ThrowIfCancelledEvery(int i, CancellationToken cancellationToken)
    {
        if ((i & 0x3FF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
