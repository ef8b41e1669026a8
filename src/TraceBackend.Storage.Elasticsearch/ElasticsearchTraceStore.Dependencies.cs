using System.Runtime.CompilerServices;
using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Storage.Elasticsearch.Reading;

namespace TraceBackend.Storage.Elasticsearch;

public sealed partial class ElasticsearchTraceStore
{
    /// <summary>
    /// The snapshots with <c>timestamp</c> in [endTime − lookback, endTime] from the dependencies indices of that
    /// window (Jaeger's query), their links summed per (parent, child). Up to max doc count snapshots are read.
    /// </summary>
    public async ValueTask<IReadOnlyList<DependencyLink>> GetDependenciesAsync(DateTimeOffset endTime, TimeSpan lookback, CancellationToken cancellationToken = default)
    {
        var start = TraceFetcher.SafeAdd(endTime, -lookback);
        var path = SearchPath(_names.DependenciesReadIndices(start, endTime), _names.DependenciesBase);
        var body = SearchQueries.Dependencies(start, endTime, _options.MaxDocCount);
        var response = await _transport.SendAsync(HttpMethod.Post, path, body, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var document = SearchResults.Parse(response, "Reading dependencies");
        var sums = new Dictionary<(string Parent, string Child), ulong>();
        if (document.RootElement.TryGetProperty("hits", out var hits) && hits.TryGetProperty("hits", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var hit in list.EnumerateArray())
            {
                if (!hit.TryGetProperty("_source", out var source) || !source.TryGetProperty("dependencies", out var links)
                    || links.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var link in links.EnumerateArray())
                {
                    var key = (Text(link, "parent"), Text(link, "child"));
                    sums[key] = sums.GetValueOrDefault(key) + Count(link);
                }
            }
        }

        return [.. sums.Select(static s => new DependencyLink(s.Key.Parent, s.Key.Child, s.Value))];
    }

    /// <summary>
    /// Trace IDs with a span starting in [start, end): pages of <see cref="ScanPageSize"/> keys of a <c>composite</c>
    /// aggregation on <c>traceID</c> over the span indices of the period, resumed with <c>after</c>. A trace stored
    /// under both the 16- and the 32-hex form is yielded twice (allowed; callers de-duplicate).
    /// </summary>
    public async IAsyncEnumerable<TraceId> ScanTraceIdsAsync(DateTimeOffset start, DateTimeOffset end,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var startMicros = SearchQueries.MicrosCeiling(start);
        var endMicros = SearchQueries.MicrosCeiling(end); // first excluded µs: µs × 1000 < end ⇔ µs < ⌈end / 1000⌉
        if (endMicros <= startMicros)
        {
            yield break;
        }

        var path = SearchPath(_names.SpanReadIndices(start, end), _names.SpanBase);
        var pageSize = Math.Min(ScanPageSize, _options.MaxDocCount);
        string? after = null;
        while (true)
        {
            var body = SearchQueries.ScanTraceIds(startMicros, endMicros, pageSize, after);
            var response = await _transport.SendAsync(HttpMethod.Post, path, body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var page = new List<TraceId>();
            string? next = null;
            using (var document = SearchResults.Parse(response, "Listing the traces of a period"))
            {
                var root = document.RootElement;
                foreach (var bucket in SearchResults.Buckets(root, SearchQueries.TraceIdsAggregation))
                {
                    if (bucket.TryGetProperty("key", out var key) && TraceId.TryParse(Text(key, "traceID"), out var id))
                    {
                        page.Add(id);
                    }
                }

                if (root.TryGetProperty("aggregations", out var aggregations)
                    && aggregations.TryGetProperty(SearchQueries.TraceIdsAggregation, out var composite)
                    && composite.TryGetProperty("after_key", out var afterKey))
                {
                    next = Text(afterKey, "traceID");
                }
            }

            foreach (var id in page)
            {
                yield return id;
            }

            if (page.Count == 0 || next is null || next == after)
            {
                yield break;
            }

            after = next;
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static ulong Count(JsonElement link)
    {
        if (!link.TryGetProperty("callCount", out var count) || count.ValueKind != JsonValueKind.Number)
        {
            return 0;
        }

        return count.TryGetUInt64(out var n) ? n : count.TryGetDouble(out var d) && d > 0 ? (ulong)d : 0;
    }
}
