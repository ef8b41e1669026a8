using System.Text.Json;
using Microsoft.Extensions.Logging;
using TraceBackend.Model;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Documents;
using TraceBackend.Storage.Elasticsearch.Indices;

namespace TraceBackend.Storage.Elasticsearch.Reading;

/// <summary>
/// Loads whole traces by ID with <c>_msearch</c> (<see cref="TraceByIdQuery"/>), paging big traces with
/// <c>search_after</c>. <see cref="GetTracesAsync"/> adds the lookup strategy around it. Thread-safe.
/// </summary>
internal sealed partial class TraceFetcher
{
    /// <summary>Sub-requests per <c>_msearch</c>, so one answer holds at most this many pages of spans.</summary>
    internal const int TracesPerRequest = 50;

    private const string NdJson = "application/x-ndjson";

    private readonly IElasticsearchTransport _transport;
    private readonly IndexNames _names;
    private readonly TagFieldPolicy _policy;
    private readonly int _pageSize;
    private readonly ILogger _logger;

    public TraceFetcher(IElasticsearchTransport transport, IndexNames names, TagFieldPolicy policy, int pageSize, ILogger logger)
    {
        _transport = transport;
        _names = names;
        _policy = policy;
        _pageSize = pageSize;
        _logger = logger;
    }

    /// <summary>All span indices: <c>&lt;prefix&gt;jaeger-span-*</c> except Jaeger's archive index.</summary>
    public IReadOnlyList<string> AllSpanIndices => IndexTargets.Wildcard(_names.SpanBase);

    /// <summary>
    /// Adds the spans of each target trace found in its indices to <paramref name="into"/> (a trace with no span
    /// found gets no entry).
    /// </summary>
    public async Task LoadAsync(IReadOnlyList<(TraceId Id, IReadOnlyList<string> Indices)> targets, Dictionary<TraceId, TraceSpans> into,
        CancellationToken cancellationToken)
    {
        var reader = new SpanDocumentReader(_policy);
        foreach (var chunk in targets.Chunk(TracesPerRequest))
        {
            var pending = chunk.Select(t => new PageState(t.Id, IndexTargets.ForHeader(t.Indices, _names.SpanBase))).ToList();
            while (pending.Count > 0)
            {
                pending = await LoadPageAsync(pending, reader, into, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One <c>_msearch</c>; returns the traces that have more pages.</summary>
    private async Task<List<PageState>> LoadPageAsync(List<PageState> pending, SpanDocumentReader reader, Dictionary<TraceId, TraceSpans> into,
        CancellationToken cancellationToken)
    {
        var body = JsonBody.BuildLines(pending.SelectMany(p => new Action<Utf8JsonWriter>[]
        {
            w => TraceByIdQuery.WriteHeader(w, p.Indices),
            w => TraceByIdQuery.Build(w, p.Id, _pageSize, p.After),
        }));
        var response = await _transport.SendAsync(HttpMethod.Post, "/_msearch", body, NdJson, cancellationToken).ConfigureAwait(false);
        using var document = SearchResults.Parse(response, "Loading traces (_msearch)");
        if (!document.RootElement.TryGetProperty("responses", out var responses) || responses.ValueKind != JsonValueKind.Array
            || responses.GetArrayLength() != pending.Count)
        {
            throw new ElasticsearchException($"_msearch answered without {pending.Count} responses: {response.BodyText(300)}", response.StatusCode);
        }

        var more = new List<PageState>();
        var i = 0;
        foreach (var result in responses.EnumerateArray())
        {
            var page = pending[i++];
            if (result.TryGetProperty("error", out var error))
            {
                var status = result.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 500;
                if (status == 404)
                {
                    continue; // an index vanished between listing and searching (index cleaner): nothing to read there
                }

                var message = $"Loading trace {page.Id}: HTTP {status} {ErrorText.Describe(error)}";
                throw ErrorText.IsRetryable(status) ? new ElasticsearchUnavailableException(message) : new ElasticsearchException(message, status);
            }

            if (ReadHits(result, page, reader, into))
            {
                more.Add(page);
            }
        }

        return more;
    }

    /// <summary>Adds one page's spans; true when the trace has another page.</summary>
    private bool ReadHits(JsonElement result, PageState page, SpanDocumentReader reader, Dictionary<TraceId, TraceSpans> into)
    {
        if (!result.TryGetProperty("hits", out var hits) || !hits.TryGetProperty("hits", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        (long, string)? last = null;
        var count = 0;
        foreach (var hit in list.EnumerateArray())
        {
            count++;
            if (hit.TryGetProperty("sort", out var sort) && sort.ValueKind == JsonValueKind.Array && sort.GetArrayLength() == 2
                && sort[0].TryGetInt64(out var startTime) && sort[1].ValueKind == JsonValueKind.String)
            {
                last = (startTime, sort[1].GetString()!);
            }

            if (!hit.TryGetProperty("_source", out var source))
            {
                LogUnreadable(_logger, page.Id.ToHex32(), "hit without _source");
                continue;
            }

            if (!reader.TryRead(source, out var span, out var problem))
            {
                LogUnreadable(_logger, page.Id.ToHex32(), problem!);
                continue;
            }

            if (span!.TraceId == page.Id)
            {
                if (!into.TryGetValue(page.Id, out var spans))
                {
                    spans = new TraceSpans();
                    into.Add(page.Id, spans);
                }

                spans.Add(span);
            }
        }

        page.Fetched += count;
        var total = SearchResults.HitsTotal(hits);
        var hasMore = count > 0 && (count >= _pageSize || (total is { } t && page.Fetched < t));
        if (!hasMore || last is null || last == page.After)
        {
            return false; // also stops if the cluster ignored search_after and repeated the page
        }

        page.After = last;
        return true;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Skipped an unreadable span document of trace {TraceId}: {Problem}")]
    private static partial void LogUnreadable(ILogger logger, string traceId, string problem);

    private sealed class PageState(TraceId id, IReadOnlyList<string> indices)
    {
        public TraceId Id { get; } = id;

        public IReadOnlyList<string> Indices { get; } = indices;

        public (long StartTime, string SpanId)? After { get; set; }

        public long Fetched { get; set; }
    }
}
