using System.Buffers;
using TraceBackend.Model;
using TraceBackend.Storage.Memory.Internal;

namespace TraceBackend.Storage.Memory;

public sealed partial class MemoryStore
{
    /// <summary>Test hook: invoked by a search, outside the lock, before each candidate's spans are matched.</summary>
    internal Action? SearchMatchingHook { get; set; }

    /// <summary>
    /// See <see cref="ITraceReader.FindTracesAsync"/>. Two phases. Under the read lock, candidates come from the
    /// most selective index — the (service, operation) list; the service list when the operation is not listed
    /// but the service has unlisted operations (over <see cref="MemoryStoreOptions.MaxOperationsPerService"/>);
    /// else every trace newest first — and each one whose summary overlaps the query window is snapshotted
    /// (<see cref="SearchCandidate"/>) without reading its spans. After the lock is released, a candidate's spans
    /// are scanned with <see cref="SpanMatcher"/> only when its latest start could still beat the weakest of the
    /// best <see cref="TraceQuery.SearchDepth"/> hits found so far, so once enough recent hits are found older
    /// traces cost a few comparisons each; the hits are then copied out of their snapshots.
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

        var serviceName = query.ServiceName is { Length: > 0 } service ? service : null;
        var operationName = query.OperationName is { Length: > 0 } op ? op : null;
        var candidates = CollectCandidates(serviceName, operationName, matcher, cancellationToken);
        try
        {
            var top = new TopTraces(query.EffectiveSearchDepth);
            var hook = SearchMatchingHook;
            var items = candidates.AsSpan();
            for (var i = 0; i < items.Length; i++)
            {
                ThrowIfCancelledEvery(i, cancellationToken);
                hook?.Invoke();
                Consider(in items[i], matcher, top);
            }

            return new ValueTask<IReadOnlyList<Trace>>(top.ToTraces());
        }
        finally
        {
            if (candidates.Array is { Length: > 0 } rented)
            {
                // Drop the span references before the array goes back to the shared pool.
                Array.Clear(rented, 0, candidates.Count);
                ArrayPool<SearchCandidate>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Under the read lock: snapshots of the stored traces that can match, judged on index membership and
    /// summaries only (operation names, start range), in index order newest first. The array is rented from
    /// <see cref="ArrayPool{T}.Shared"/>; the caller clears and returns it.
    /// </summary>
    private ArraySegment<SearchCandidate> CollectCandidates(string? serviceName, string? operationName, SpanMatcher matcher, CancellationToken cancellationToken)
    {
        _lock.EnterReadLock();
        try
        {
            if (serviceName is null)
            {
                var all = ArrayPool<SearchCandidate>.Shared.Rent(_ring.Count);
                var n = 0;
                for (var i = 0; i < _ring.Count; i++)
                {
                    ThrowIfCancelledEvery(i, cancellationToken);
                    var entry = _ring.GetNewest(i);
                    if ((operationName is null || entry.MayHaveOperationNamed(operationName)) && Overlaps(entry, matcher))
                    {
                        all[n++] = SearchCandidate.Of(entry);
                    }
                }

                return new ArraySegment<SearchCandidate>(all, 0, n);
            }

            if (!_services.TryGetValue(serviceName, out var service))
            {
                return default;
            }

            TraceEntryList? list = service.Traces;
            var unlistedOnly = false;
            if (operationName is not null)
            {
                if (service.Operations.TryGetValue(operationName, out var operation))
                {
                    list = operation.Traces; // null when none of its traces is stored
                }
                else if (service.HasUnlistedOperations)
                {
                    unlistedOnly = true; // possibly a name over the cap: its traces are in the service list only
                }
                else
                {
                    list = null; // never seen in this service
                }
            }

            if (list is null)
            {
                return default;
            }

            var buffer = ArrayPool<SearchCandidate>.Shared.Rent(list.Count);
            var count = 0;
            // Newest-indexed first: recent hits raise the admission bar early.
            for (var i = list.Count - 1; i >= 0; i--)
            {
                ThrowIfCancelledEvery(i, cancellationToken);
                var entry = list[i];
                if ((!unlistedOnly || entry.HasUnlistedOperation) && Overlaps(entry, matcher))
                {
                    buffer[count++] = SearchCandidate.Of(entry);
                }
            }

            return new ArraySegment<SearchCandidate>(buffer, 0, count);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private static bool Overlaps(TraceEntry entry, SpanMatcher matcher) =>
        !entry.IsEvicted && entry.MaxStart >= matcher.StartMinNanos && entry.MinStart <= matcher.StartMaxNanos;

    /// <summary>Matches a candidate's snapshot and offers it to <paramref name="top"/>. Needs no lock.</summary>
    private static void Consider(in SearchCandidate candidate, SpanMatcher matcher, TopTraces top)
    {
        // No span of the trace can rank higher than its latest start inside the window.
        var bound = Math.Min(candidate.MaxStart, matcher.StartMaxNanos);
        if (!top.CouldAccept(bound, candidate.Sequence))
        {
            return;
        }

        var found = false;
        ulong latest = 0;
        foreach (var span in candidate.Spans.AsSpan())
        {
            var start = span.StartTimeUnixNano;
            if ((found && start <= latest) || !top.CouldAccept(start, candidate.Sequence) || !matcher.Matches(span))
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
            top.Offer(candidate, latest);
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
