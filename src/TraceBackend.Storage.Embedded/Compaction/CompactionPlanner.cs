namespace TraceBackend.Storage.Embedded.Compaction;

/// <summary>
/// Chooses what one compaction pass merges: blocks are grouped by the compaction window their
/// <see cref="Blocks.BlockMeta.MinStartUnixNano"/> falls in; from each window with at least two blocks, the smallest
/// ones are taken (smallest first) while their span total stays within the limit — always at least two, so a window
/// never stalls on two big blocks. Pure function of the metadata.
/// </summary>
internal static class CompactionPlanner
{
    public static List<List<BlockHandle>> Plan(IEnumerable<BlockHandle> blocks, TimeSpan window, long maxSpans)
    {
        var windowNanos = (ulong)window.Ticks * 100;
        var groups = new List<List<BlockHandle>>();
        foreach (var byWindow in blocks.GroupBy(b => b.Meta.MinStartUnixNano / windowNanos).OrderBy(g => g.Key))
        {
            var selected = new List<BlockHandle>();
            long spans = 0;
            foreach (var block in byWindow.OrderBy(b => b.Meta.SpanCount).ThenBy(b => b.Meta.CreatedAt))
            {
                if (selected.Count >= 2 && spans + block.Meta.SpanCount > maxSpans)
                {
                    break;
                }

                selected.Add(block);
                spans += block.Meta.SpanCount;
            }

            if (selected.Count >= 2)
            {
                groups.Add(selected);
            }
        }

        return groups;
    }
}
