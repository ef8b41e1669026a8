using TraceBackend.Storage.Embedded.Blocks;

namespace TraceBackend.Storage.Embedded.Compaction;

/// <summary>
/// Chooses what one compaction pass merges — size-tiered, so that a span is rewritten a logarithmic number of times
/// rather than on every pass. Blocks are grouped by the compaction window their <see cref="BlockMeta.MinStartUnixNano"/>
/// falls in; blocks already at the size limit are left alone. In each window the remaining blocks are taken smallest
/// first while the span total stays within the limit, and:
/// <list type="bullet">
/// <item>an <b>open</b> window (it may still receive spans) is merged only when at least <see cref="MinInputsOpenWindow"/>
/// blocks qualify, and a block is not taken when it is larger than all the smaller ones taken before it together
/// (a big block is not rewritten to absorb a little new data);</item>
/// <item>a <b>closed</b> window (its end is before <c>closedBeforeNanos</c>) merges any two or more, so it ends as few
/// blocks as the size limit allows.</item>
/// </list>
/// Pure function of the metadata.
/// </summary>
internal static class CompactionPlanner
{
    /// <summary>Inputs needed to merge in a window that may still receive spans.</summary>
    public const int MinInputsOpenWindow = 4;

    public static List<List<T>> Plan<T>(IEnumerable<T> blocks, Func<T, BlockMeta> meta, TimeSpan window, long maxSpans, ulong closedBeforeNanos)
    {
        var windowNanos = (ulong)window.Ticks * 100;
        var groups = new List<List<T>>();
        foreach (var byWindow in blocks.GroupBy(b => meta(b).MinStartUnixNano / windowNanos).OrderBy(g => g.Key))
        {
            var windowEnd = (byWindow.Key + 1) * windowNanos;
            var closed = windowEnd <= closedBeforeNanos;
            var selected = new List<T>();
            long spans = 0;
            foreach (var block in byWindow.Where(b => meta(b).SpanCount < maxSpans).OrderBy(b => meta(b).SpanCount).ThenBy(b => meta(b).CreatedAt))
            {
                var count = meta(block).SpanCount;
                if (spans + count > maxSpans || (!closed && selected.Count >= 2 && count > spans))
                {
                    break;
                }

                selected.Add(block);
                spans += count;
            }

            if (selected.Count >= (closed ? 2 : MinInputsOpenWindow))
            {
                groups.Add(selected);
            }
        }

        return groups;
    }
}
