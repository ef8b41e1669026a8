using System.Runtime.CompilerServices;
using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra;

public sealed partial class CassandraTraceStore
{
    /// <summary>
    /// For every service of <c>service_names</c>, streams the <c>duration_index</c> partitions (service, "", hour
    /// bucket) covering the period. That index has the trace ID in its key, so unlike <c>service_name_index</c> (keyed
    /// on the start time alone) no span's row is ever overwritten by another's and no trace is missed. IDs are
    /// de-duplicated per partition; a trace with spans of several services or hours may be yielded more than once.
    /// </summary>
    public async IAsyncEnumerable<TraceId> ScanTraceIdsAsync(DateTimeOffset start, DateTimeOffset end, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = Link(cancellationToken);
        var ct = linked.Token;

        // Stored starts are whole µs: s·1000 ns ∈ [start, end) ⇔ first ≤ s < last.
        var first = CeilMicros(UnixTime.ToNanos(start));
        var last = CeilMicros(UnixTime.ToNanos(end));
        if (first >= last)
        {
            yield break;
        }

        var services = await ReadServiceNamesAsync(ct).ConfigureAwait(false);
        foreach (var service in services.Distinct(StringComparer.Ordinal))
        {
            for (var bucket = DurationBuckets.RoundToHour(first); bucket <= DurationBuckets.RoundToHour(last - 1); bucket += DurationBuckets.HourMicros)
            {
                var seen = new HashSet<TraceId>();
                await foreach (var entry in _tables.ScanDurationIndexAsync(service, DurationBuckets.FromMicros(bucket), ct).ConfigureAwait(false))
                {
                    if (entry.StartTime >= first && entry.StartTime < last && seen.Add(entry.TraceId))
                    {
                        yield return entry.TraceId;
                    }
                }
            }
        }
    }

    private static long CeilMicros(ulong nanos) => (long)Math.Min((nanos / 1000) + (nanos % 1000 == 0 ? 0UL : 1UL), long.MaxValue);
}
