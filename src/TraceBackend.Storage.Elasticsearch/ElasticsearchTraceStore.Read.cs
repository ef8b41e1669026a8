using Microsoft.Extensions.Logging;
using TraceBackend.Model;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Reading;

namespace TraceBackend.Storage.Elasticsearch;

public sealed partial class ElasticsearchTraceStore
{
    private static readonly string?[] s_kindFields = ["spanKind", "spanKind.keyword", null];

    /// <inheritdoc cref="TraceFetcher.GetTracesAsync"/>
    public async ValueTask<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<TraceGetRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return await _fetcher.GetTracesAsync(requests, _time.GetUtcNow(), _options.MaxSpanAge, _options.UseAliases, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Service names of the service indices of [now − max span age, now] (Jaeger's <c>distinct_services</c>), sorted ordinally.</summary>
    public async ValueTask<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken = default)
    {
        var path = SearchPath(ServiceIndices(), _names.ServiceBase);
        var response = await _transport.SendAsync(HttpMethod.Post, path, SearchQueries.Services(_options.MaxDocCount), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        using var document = SearchResults.Parse(response, "Listing services");
        return [.. SearchResults.Buckets(document.RootElement, SearchQueries.ServicesAggregation)
            .Select(SearchResults.BucketKey).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Operations of the service from the service indices of [now − max span age, now]. Kinds come from the
    /// <c>spanKind</c> field this store adds to service documents; documents without it (written by Jaeger, which
    /// stores no kind: jaeger#1923) give the kind <see cref="SpanKind.Unspecified"/>. The kind is aggregated on
    /// <c>spanKind</c> (a keyword in TraceBackend's templates); should the cluster fail that (indices from Jaeger's
    /// templates map the field dynamically, as text), on <c>spanKind.keyword</c> (the dynamic mapping's keyword
    /// sub-field); failing both, names are listed without kinds.
    /// </summary>
    public async ValueTask<IReadOnlyList<Operation>> GetOperationsAsync(OperationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = SearchPath(ServiceIndices(), _names.ServiceBase);
        List<Operation>? operations = null;
        foreach (var kindField in s_kindFields)
        {
            operations = await QueryOperationsAsync(path, query.ServiceName, kindField, cancellationToken).ConfigureAwait(false);
            if (operations is not null)
            {
                break;
            }
        }

        return [.. operations!.Where(o => query.Kind is null || o.Kind == query.Kind)
            .Distinct()
            .OrderBy(static o => o.Name, StringComparer.Ordinal)
            .ThenBy(static o => o.Kind)];
    }

    /// <summary>Null when the kind sub-aggregation failed (so the caller asks again with the next field); never null without one.</summary>
    private async Task<List<Operation>?> QueryOperationsAsync(string path, string serviceName, string? kindField, CancellationToken cancellationToken)
    {
        var body = SearchQueries.Operations(serviceName, _options.MaxDocCount, kindField);
        var response = await _transport.SendAsync(HttpMethod.Post, path, body, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (kindField is not null && response.StatusCode == 400)
        {
            LogKindsUnavailable(_logger, kindField, ErrorText.Describe(response));
            return null;
        }

        using var document = SearchResults.Parse(response, $"Listing the operations of '{serviceName}'");
        var root = document.RootElement;
        if (kindField is not null && SearchResults.HasShardFailures(root))
        {
            LogKindsUnavailable(_logger, kindField, SearchResults.ShardFailureText(root));
            return null;
        }

        var operations = new List<Operation>();
        foreach (var bucket in SearchResults.Buckets(root, SearchQueries.OperationsAggregation))
        {
            var name = SearchResults.BucketKey(bucket);
            long withKind = 0;
            foreach (var kindBucket in SearchResults.SubBuckets(bucket, SearchQueries.SpanKindAggregation))
            {
                withKind += SearchResults.DocCount(kindBucket);
                operations.Add(new Operation(name, SpanKindNames.TryParseJaeger(SearchResults.BucketKey(kindBucket), out var kind) ? kind : SpanKind.Unspecified));
            }

            if (withKind < SearchResults.DocCount(bucket))
            {
                operations.Add(new Operation(name, SpanKind.Unspecified));
            }
        }

        return operations;
    }

    /// <summary>
    /// Jaeger's search for trace IDs (<see cref="FindTraceIdsQuery"/>) over the span indices of the query window, then
    /// the traces loaded from the window's indices (± 1 h) in the aggregation's order (newest matching span first),
    /// each kept only if one of its spans satisfies every condition (<see cref="SpanMatcher"/>). Up to
    /// <see cref="SearchOverFetchFactor"/> × depth IDs are asked for; traces are loaded in chunks only as far as needed
    /// to fill the depth. Tag values longer than the keyword limit (256) can match nothing and give no result.
    /// </summary>
    public async ValueTask<IReadOnlyList<Trace>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.StartTimeMin > query.StartTimeMax || query.Attributes.Values.Any(static v => v.Length > KeywordIgnoreAbove))
        {
            return [];
        }

        var depth = query.EffectiveSearchDepth;
        var size = Math.Max(depth, Math.Min(depth * SearchOverFetchFactor, _options.MaxDocCount));
        var path = SearchPath(_names.SpanReadIndices(query.StartTimeMin, query.StartTimeMax), _names.SpanBase);
        var response = await _transport.SendAsync(HttpMethod.Post, path, FindTraceIdsQuery.Build(query, _policy, size), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        List<TraceId> ids;
        using (var document = SearchResults.Parse(response, "Searching traces"))
        {
            ids = [.. SearchResults.Buckets(document.RootElement, SearchQueries.TraceIdsAggregation)
                .Select(SearchResults.BucketKey)
                .Select(static key => TraceId.TryParse(key, out var id) ? id : default)
                .Where(static id => !id.IsEmpty)
                .Distinct()];
        }

        var matcher = new SpanMatcher(query);
        var found = new List<(Trace Trace, ulong Latest)>();
        var next = 0;
        while (found.Count < depth && next < ids.Count)
        {
            var chunk = ids.GetRange(next, Math.Min(depth - found.Count, ids.Count - next));
            next += chunk.Count;
            var loaded = await _fetcher.LoadWindowAsync(chunk, query.StartTimeMin, query.StartTimeMax, cancellationToken).ConfigureAwait(false);
            foreach (var id in chunk)
            {
                if (loaded.TryGetValue(id, out var spans) && LatestMatch(matcher, spans.Spans) is { } latest)
                {
                    found.Add((new Trace(id, spans.Spans), latest));
                }
            }
        }

        return [.. found.OrderByDescending(static f => f.Latest).Take(depth).Select(static f => f.Trace)];
    }

    private static ulong? LatestMatch(SpanMatcher matcher, List<Span> spans)
    {
        ulong? latest = null;
        foreach (var span in spans)
        {
            if (matcher.Matches(span) && (latest is null || span.StartTimeUnixNano > latest))
            {
                latest = span.StartTimeUnixNano;
            }
        }

        return latest;
    }

    private IReadOnlyList<string> ServiceIndices()
    {
        var now = _time.GetUtcNow();
        return _names.ServiceReadIndices(TraceFetcher.SafeAdd(now, -_options.MaxSpanAge), now);
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning,
        Message = "The cluster could not aggregate service documents by {Field} ({Reason}); trying the next way to list operations")]
    private static partial void LogKindsUnavailable(ILogger logger, string field, string reason);
}
