using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

public sealed partial class Block
{
    /// <summary>
    /// Dependency links of the block's traces that have a span starting in [<paramref name="startMinNanos"/>,
    /// <paramref name="startMaxNanos"/>] (all links of such a trace, as the memory store counts). Answers from
    /// <see cref="BlockMeta.Dependencies"/> without reading data when the block lies inside the window.
    /// </summary>
    public async ValueTask<IReadOnlyList<DependencyLink>> GetDependenciesAsync(ulong startMinNanos, ulong startMaxNanos, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (startMinNanos > startMaxNanos || Meta.MaxStartUnixNano < startMinNanos || Meta.MinStartUnixNano > startMaxNanos)
        {
            return [];
        }

        if (startMinNanos <= Meta.MinStartUnixNano && Meta.MaxStartUnixNano <= startMaxNanos)
        {
            return Meta.Dependencies;
        }

        // Partial overlap: scan the few columns dependencies need, trace by trace (traces may cross row groups).
        var calculator = new DependencyCalculator();
        var resources = new Dictionary<string, Resource>(StringComparer.Ordinal);
        var trace = new List<Span>();
        var inWindow = false;
        for (var g = 0; g < _index.RowGroups.Count; g++)
        {
            using var lease = await RentAsync(cancellationToken).ConfigureAwait(false);
            var rowGroup = lease.Reader.OpenRowGroupReader(g);
            using var ids = await LeafColumn<ReadOnlyMemory<byte>>.ReadAsync(rowGroup, BlockSchema.TraceId, cancellationToken).ConfigureAwait(false);
            using var spanIds = await LeafColumn<ReadOnlyMemory<byte>>.ReadAsync(rowGroup, BlockSchema.SpanId, cancellationToken).ConfigureAwait(false);
            using var parents = await LeafColumn<ReadOnlyMemory<byte>>.ReadAsync(rowGroup, BlockSchema.ParentSpanId, cancellationToken).ConfigureAwait(false);
            using var kinds = await LeafColumn<int>.ReadAsync(rowGroup, BlockSchema.Kind, cancellationToken).ConfigureAwait(false);
            using var starts = await LeafColumn<long>.ReadAsync(rowGroup, BlockSchema.StartUnixNano, cancellationToken).ConfigureAwait(false);
            using var services = await LeafColumn<ReadOnlyMemory<char>>.ReadAsync(rowGroup, BlockSchema.ServiceName, cancellationToken).ConfigureAwait(false);
            var rowCount = _index.RowGroups[g].RowCount;
            for (var r = 0; r < rowCount; r++)
            {
                var traceId = SpanColumns.ReadTraceId(ids.Values[r].Span);
                if (trace.Count > 0 && trace[0].TraceId != traceId)
                {
                    if (inWindow)
                    {
                        calculator.AddTrace(trace);
                    }

                    trace.Clear();
                    inWindow = false;
                }

                var start = unchecked((ulong)starts.Values[r]);
                inWindow |= start >= startMinNanos && start <= startMaxNanos;
                var serviceName = services.Values[r].Span;
                var lookup = resources.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(serviceName, out var resource))
                {
                    var name = new string(serviceName);
                    resource = new Resource([new KeyValue(Resource.ServiceNameKey, AttributeValue.String(name))]);
                    resources[name] = resource;
                }

                SpanId.TryFromBytes(spanIds.Values[r].Span, out var spanId);
                SpanId.TryFromBytes(parents.Values[r].Span, out var parentId);
                trace.Add(new Span { TraceId = traceId, SpanId = spanId, ParentSpanId = parentId, Kind = (SpanKind)kinds.Values[r], Resource = resource });
            }
        }

        if (trace.Count > 0 && inWindow)
        {
            calculator.AddTrace(trace);
        }

        return calculator.ToLinks();
    }
}
