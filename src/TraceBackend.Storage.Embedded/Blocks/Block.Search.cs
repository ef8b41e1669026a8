using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

public sealed partial class Block
{
    /// <summary>
    /// Trace IDs of the block with at least one span matching <paramref name="query"/> (the rules of
    /// <see cref="TraceQuery"/> / <see cref="SpanMatcher"/>, exactly), each with the start (Unix ns) of its latest
    /// matching span in this block. Skips row groups that cannot match (time range, services, operations) and reads
    /// only the columns the conditions need before materializing candidate spans.
    /// </summary>
    public async ValueTask<IReadOnlyDictionary<TraceId, ulong>> SearchAsync(TraceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var matcher = new SpanMatcher(query);
        var startMin = matcher.StartMinNanos;
        var startMax = matcher.StartMaxNanos;
        var durationMin = query.DurationMin is { } dmin ? UnixTime.ToNanos(dmin) : 0;
        var durationMax = query.DurationMax is { } dmax ? UnixTime.ToNanos(dmax) : ulong.MaxValue;
        var service = query.ServiceName is { Length: > 0 } s ? s : null;
        var operation = query.OperationName is { Length: > 0 } o ? o : null;
        var hasTags = query.Attributes.Count > 0;
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

        ReadCache? cache = null;
        List<Span>? spans = null;
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
            bool[]? candidates = null;
            var candidateCount = 0;
            using (var ids = await LeafColumn<ReadOnlyMemory<byte>>.ReadAsync(rowGroup, BlockSchema.TraceId, cancellationToken).ConfigureAwait(false))
            using (var starts = await LeafColumn<long>.ReadAsync(rowGroup, BlockSchema.StartUnixNano, cancellationToken).ConfigureAwait(false))
            using (var durations = await LeafColumn<long>.ReadAsync(rowGroup, BlockSchema.DurationNano, cancellationToken).ConfigureAwait(false))
            using (var services = service is null ? null : await LeafColumn<ReadOnlyMemory<char>>.ReadAsync(rowGroup, BlockSchema.ServiceName, cancellationToken).ConfigureAwait(false))
            using (var names = operation is null ? null : await LeafColumn<ReadOnlyMemory<char>>.ReadAsync(rowGroup, BlockSchema.Name, cancellationToken).ConfigureAwait(false))
            {
                var rowCount = summary.RowCount;
                for (var r = 0; r < rowCount; r++)
                {
                    var start = unchecked((ulong)starts.Values[r]);
                    if (start < startMin || start > startMax)
                    {
                        continue;
                    }

                    var end = unchecked(start + (ulong)durations.Values[r]);
                    var duration = end > start ? end - start : 0;
                    if (duration < durationMin || duration > durationMax
                        || (services is not null && !services.Values[r].Span.SequenceEqual(service))
                        || (names is not null && !names.Values[r].Span.SequenceEqual(operation)))
                    {
                        continue;
                    }

                    if (hasTags)
                    {
                        candidates ??= new bool[rowCount];
                        candidates[r] = true;
                        candidateCount++;
                    }
                    else
                    {
                        Record(result, SpanColumns.ReadTraceId(ids.Values[r].Span), start);
                    }
                }
            }

            if (candidates is null)
            {
                continue;
            }

            // Tag conditions: materialize the candidates and apply the shared matcher, so semantics are exactly
            // SpanMatcher's (attributes, resource, events, synthesized tags).
            using var columns = await SpanColumns.ReadAsync(rowGroup, cancellationToken).ConfigureAwait(false);
            spans ??= new List<Span>(candidateCount);
            spans.Clear();
            columns.Materialize(0, columns.RowCount, r => candidates[r], spans, cache ??= new ReadCache());
            foreach (var span in spans)
            {
                if (matcher.Matches(span))
                {
                    Record(result, span.TraceId, span.StartTimeUnixNano);
                }
            }
        }

        return result;
    }

    private static void Record(Dictionary<TraceId, ulong> result, TraceId traceId, ulong start)
    {
        if (!result.TryGetValue(traceId, out var latest) || start > latest)
        {
            result[traceId] = start;
        }
    }
}
