using System.Buffers;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

public sealed partial class Block
{
    /// <summary>
    /// Trace IDs of the block with at least one span matching <paramref name="query"/> (the rules of
    /// <see cref="TraceQuery"/> / <see cref="SpanMatcher"/>, exactly), each with the start (Unix ns) of its latest
    /// matching span in this block. Skips row groups that cannot match (time range, services, operations), reads only
    /// the columns the conditions need and never materializes spans: tag conditions are evaluated on the attribute
    /// and dedicated columns by <see cref="TagFilter"/>.
    /// </summary>
    public async ValueTask<IReadOnlyDictionary<TraceId, ulong>> SearchAsync(TraceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var startMin = UnixTime.ToNanos(query.StartTimeMin);
        var startMax = UnixTime.ToNanos(query.StartTimeMax);
        var durationMin = query.DurationMin is { } dmin ? UnixTime.ToNanos(dmin) : 0;
        var durationMax = query.DurationMax is { } dmax ? UnixTime.ToNanos(dmax) : ulong.MaxValue;
        var service = query.ServiceName is { Length: > 0 } s ? s : null;
        var operation = query.OperationName is { Length: > 0 } o ? o : null;
        var result = new Dictionary<TraceId, ulong>();

        if (Meta.MaxStartUnixNano < startMin || Meta.MinStartUnixNano > startMax || startMin > startMax || durationMin > durationMax)
        {
            return result;
        }

        var serviceOrdinal = -1;
        var nameOrdinal = -1;
        if ((service is not null && !_index.ServiceOrdinals.TryGetValue(service, out serviceOrdinal))
            || (operation is not null && !_index.NameOrdinals.TryGetValue(operation, out nameOrdinal)))
        {
            return result;
        }

        var tags = new TagFilter(query.Attributes);
        for (var g = 0; g < _index.RowGroups.Count; g++)
        {
            var summary = _index.RowGroups[g];
            if (summary.MaxStart < startMin || summary.MinStart > startMax
                || summary.MaxDuration < durationMin || summary.MinDuration > durationMax
                || (service is not null && !summary.HasService(serviceOrdinal))
                || (operation is not null && !summary.HasName(nameOrdinal)))
            {
                continue;
            }

            using var lease = await RentAsync(cancellationToken).ConfigureAwait(false);
            var rowGroup = lease.Reader.OpenRowGroupReader(g);
            var rowCount = summary.RowCount;
            var candidates = ArrayPool<bool>.Shared.Rent(rowCount);
            try
            {
                using var starts = await LeafColumn<long>.ReadAsync(rowGroup, BlockSchema.StartUnixNano, cancellationToken).ConfigureAwait(false);
                var candidateCount = 0;
                using (var durations = await LeafColumn<long>.ReadAsync(rowGroup, BlockSchema.DurationNano, cancellationToken).ConfigureAwait(false))
                using (var services = service is null ? null : await LeafColumn<ReadOnlyMemory<char>>.ReadAsync(rowGroup, BlockSchema.ServiceName, cancellationToken).ConfigureAwait(false))
                using (var names = operation is null ? null : await LeafColumn<ReadOnlyMemory<char>>.ReadAsync(rowGroup, BlockSchema.Name, cancellationToken).ConfigureAwait(false))
                {
                    CheckRows(rowCount, starts.LevelCount, durations.LevelCount, services?.LevelCount ?? rowCount, names?.LevelCount ?? rowCount);
                    for (var r = 0; r < rowCount; r++)
                    {
                        var start = unchecked((ulong)starts.Values[r]);
                        var end = unchecked(start + (ulong)durations.Values[r]);
                        var duration = end > start ? end - start : 0;
                        var candidate = start >= startMin && start <= startMax
                            && duration >= durationMin && duration <= durationMax
                            && (services is null || services.Values[r].Span.SequenceEqual(service))
                            && (names is null || names.Values[r].Span.SequenceEqual(operation));
                        candidates[r] = candidate;
                        candidateCount += candidate ? 1 : 0;
                    }
                }

                if (candidateCount == 0)
                {
                    continue;
                }

                // Tag conditions on the attribute and dedicated columns alone (SpanMatcher's rules, exactly).
                if (!tags.IsEmpty && await tags.ApplyAsync(rowGroup, candidates, cancellationToken).ConfigureAwait(false) == 0)
                {
                    continue;
                }

                using var ids = await LeafColumn<ReadOnlyMemory<byte>>.ReadAsync(rowGroup, BlockSchema.TraceId, cancellationToken).ConfigureAwait(false);
                CheckRows(rowCount, ids.LevelCount, rowCount, rowCount, rowCount);
                for (var r = 0; r < rowCount; r++)
                {
                    if (candidates[r])
                    {
                        Record(result, SpanColumns.ReadTraceId(ids.Values[r].Span), unchecked((ulong)starts.Values[r]));
                    }
                }
            }
            finally
            {
                ArrayPool<bool>.Shared.Return(candidates);
            }
        }

        return result;
    }

    private static void CheckRows(int rowCount, int a, int b, int c, int d)
    {
        if (a != rowCount || b != rowCount || c != rowCount || d != rowCount)
        {
            throw new InvalidDataException($"a span column has {(a != rowCount ? a : b != rowCount ? b : c != rowCount ? c : d)} values in a row group of {rowCount} rows");
        }
    }

    private static void Record(Dictionary<TraceId, ulong> result, TraceId traceId, ulong start)
    {
        if (!result.TryGetValue(traceId, out var latest) || start > latest)
        {
            result[traceId] = start;
        }
    }
}
