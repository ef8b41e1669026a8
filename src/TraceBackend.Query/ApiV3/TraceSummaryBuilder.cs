using TraceBackend.Model;

namespace TraceBackend.Query.ApiV3;

/// <summary>Computes a <see cref="TraceSummary"/> from an (already adjusted) trace.</summary>
public static class TraceSummaryBuilder
{
    /// <summary>
    /// Root = the earliest-starting span without parent; when every span has a parent, the earliest span whose
    /// parent is not in the trace; failing that, the earliest span. Orphans are spans with a parent ID that no
    /// span of the trace has. Errors are spans with status ERROR.
    /// </summary>
    public static TraceSummary Build(Trace trace)
    {
        var ids = new HashSet<SpanId>();
        foreach (var span in trace.Spans)
        {
            ids.Add(span.SpanId);
        }

        Span? root = null;
        Span? orphanRoot = null;
        Span? earliest = null;
        ulong minStart = ulong.MaxValue;
        ulong maxEnd = 0;
        var errors = 0;
        var orphans = 0;
        var services = new Dictionary<string, (int Spans, int Errors)>(StringComparer.Ordinal);
        foreach (var span in trace.Spans)
        {
            minStart = Math.Min(minStart, span.StartTimeUnixNano);
            maxEnd = Math.Max(maxEnd, Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano));
            var isError = span.Status.Code == StatusCode.Error;
            if (isError)
            {
                errors++;
            }

            var counts = services.GetValueOrDefault(span.ServiceName);
            services[span.ServiceName] = (counts.Spans + 1, counts.Errors + (isError ? 1 : 0));
            if (span.ParentSpanId.IsEmpty)
            {
                root = Earlier(root, span);
            }
            else if (!ids.Contains(span.ParentSpanId))
            {
                orphans++;
                orphanRoot = Earlier(orphanRoot, span);
            }

            earliest = Earlier(earliest, span);
        }

        var chosen = root ?? orphanRoot ?? earliest;
        var serviceList = new List<ServiceSummary>(services.Count);
        foreach (var (name, counts) in services)
        {
            serviceList.Add(new ServiceSummary(name, counts.Spans, counts.Errors));
        }

        serviceList.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new TraceSummary
        {
            TraceId = trace.TraceId.ToHex32(),
            RootServiceName = chosen?.ServiceName ?? "",
            RootOperationName = chosen?.Name ?? "",
            MinStartTimeUnixNano = trace.Spans.Count == 0 ? 0 : minStart,
            MaxEndTimeUnixNano = maxEnd,
            SpanCount = trace.Spans.Count,
            ErrorSpanCount = errors,
            OrphanSpanCount = orphans,
            Services = serviceList,
        };
    }

    private static Span Earlier(Span? current, Span candidate) =>
        current is null || candidate.StartTimeUnixNano < current.StartTimeUnixNano ? candidate : current;
}
