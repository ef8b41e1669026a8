using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using TraceBackend.LoadGen.Generation;

namespace TraceBackend.LoadGen.Otlp;

/// <summary>
/// Packs traces into export requests of at most <c>maxSpans</c> spans each. Spans keep their order; a
/// request is closed as soon as it holds exactly <c>maxSpans</c> spans, so a trace larger than the room
/// left is split across consecutive requests. Spans of the same resource and scope (by reference) share
/// one <see cref="ResourceSpans"/>/<see cref="ScopeSpans"/> within a request. The span messages are moved
/// (referenced, not copied) into the requests. Not thread-safe.
/// </summary>
public sealed class OtlpRequestBatcher
{
    // Stand-ins for absent resource/scope so that all "absent" sources share one group.
    private static readonly Resource s_emptyResource = new();
    private static readonly InstrumentationScope s_emptyScope = new();

    private readonly int _maxSpans;
    private readonly Dictionary<Resource, (ResourceSpans Resource, Dictionary<InstrumentationScope, ScopeSpans> Scopes)> _groups =
        new(ReferenceEqualityComparer.Instance);

    private readonly List<TraceSpanCount> _traces = [];
    private ExportTraceServiceRequest _request = new();
    private int _spanCount;

    public OtlpRequestBatcher(int maxSpans)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSpans);
        _maxSpans = maxSpans;
    }

    /// <summary>Spans in the open (not yet returned) request.</summary>
    public int PendingSpans => _spanCount;

    /// <summary>Adds every span of <paramref name="trace"/>; requests that become full are appended to <paramref name="completed"/>.</summary>
    public void Add(GeneratedTrace trace, ICollection<OtlpBatch> completed)
    {
        var inRequest = 0;
        foreach (var resourceSpans in trace.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    Target(resourceSpans, scopeSpans).Spans.Add(span);
                    inRequest++;
                    _spanCount++;
                    if (_spanCount == _maxSpans)
                    {
                        _traces.Add(new TraceSpanCount(trace.TraceId, inRequest));
                        inRequest = 0;
                        completed.Add(Close());
                    }
                }
            }
        }

        if (inRequest > 0)
        {
            _traces.Add(new TraceSpanCount(trace.TraceId, inRequest));
        }
    }

    /// <summary>The open request, or null when it is empty.</summary>
    public OtlpBatch? Flush() => _spanCount == 0 ? null : Close();

    /// <summary>Packs <paramref name="traces"/> completely, including the final partial request.</summary>
    public static List<OtlpBatch> Pack(IEnumerable<GeneratedTrace> traces, int maxSpans)
    {
        var batcher = new OtlpRequestBatcher(maxSpans);
        var batches = new List<OtlpBatch>();
        foreach (var trace in traces)
        {
            batcher.Add(trace, batches);
        }

        if (batcher.Flush() is { } last)
        {
            batches.Add(last);
        }

        return batches;
    }

    private ScopeSpans Target(ResourceSpans source, ScopeSpans sourceScope)
    {
        var resource = source.Resource ?? s_emptyResource;
        if (!_groups.TryGetValue(resource, out var group))
        {
            var rs = new ResourceSpans { Resource = source.Resource, SchemaUrl = source.SchemaUrl };
            _request.ResourceSpans.Add(rs);
            group = (rs, new Dictionary<InstrumentationScope, ScopeSpans>(ReferenceEqualityComparer.Instance));
            _groups.Add(resource, group);
        }

        var scope = sourceScope.Scope ?? s_emptyScope;
        if (!group.Scopes.TryGetValue(scope, out var target))
        {
            target = new ScopeSpans { Scope = sourceScope.Scope, SchemaUrl = sourceScope.SchemaUrl };
            group.Resource.ScopeSpans.Add(target);
            group.Scopes.Add(scope, target);
        }

        return target;
    }

    private OtlpBatch Close()
    {
        var batch = new OtlpBatch(_request, _spanCount, _traces.ToArray());
        _request = new ExportTraceServiceRequest();
        _groups.Clear();
        _traces.Clear();
        _spanCount = 0;
        return batch;
    }
}
