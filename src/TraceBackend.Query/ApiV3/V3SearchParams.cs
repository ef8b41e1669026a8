using TraceBackend.Model;
using Microsoft.AspNetCore.Http;
using TraceBackend.Query.Parsing;
using TraceBackend.Storage;

namespace TraceBackend.Query.ApiV3;

/// <summary>
/// Parses the <c>query.*</c> search parameters of <c>/api/v3/traces</c> and <c>/api/v3/trace-summaries</c>
/// (camelCase canonical, snake_case aliases; camelCase wins when both are present).
/// </summary>
public static class V3SearchParams
{
    public const string TimesRequiredMessage = "query.startTimeMin and query.startTimeMax are required";
    public const string TimeOrderMessage = "query.startTimeMin must be before query.startTimeMax";

    /// <summary>
    /// Returns the storage query and <c>rawTraces</c>; throws <see cref="QueryParameterException"/>. The search depth is
    /// clamped with <see cref="QueryOptions.ClampSearchDepth"/>.
    /// </summary>
    public static (TraceQuery Query, bool Raw) Parse(IQueryCollection query, QueryOptions options)
    {
        var minText = query.First("query.startTimeMin", "query.start_time_min", out var minName);
        var maxText = query.First("query.startTimeMax", "query.start_time_max", out var maxName);
        if (minText is null || maxText is null)
        {
            throw new QueryParameterException(TimesRequiredMessage);
        }

        var min = RequestParams.Time(minText, RequestParams.V3Prefix(minName))!.Value;
        var max = RequestParams.Time(maxText, RequestParams.V3Prefix(maxName))!.Value;
        if (max <= min)
        {
            throw new QueryParameterException(TimeOrderMessage);
        }

        var durationMinText = query.First("query.durationMin", "query.duration_min", out var durationMinName);
        var durationMin = RequestParams.Duration(durationMinText, RequestParams.V3Prefix(durationMinName));
        var durationMaxText = query.First("query.durationMax", "query.duration_max", out var durationMaxName);
        var durationMax = RequestParams.Duration(durationMaxText, RequestParams.V3Prefix(durationMaxName));

        var depthText = query.First("query.searchDepth", "query.search_depth", out var depthName);
        if (depthText is null)
        {
            depthText = query.First("query.num_traces");
            depthName = "query.num_traces";
        }

        var depth = RequestParams.Int(depthText, 64, RequestParams.V3Prefix(depthName), "strconv.Atoi");
        var rawText = query.First("query.rawTraces", "query.raw_traces", out var rawName);
        var raw = RequestParams.Bool(rawText, RequestParams.V3Prefix(rawName));

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var json in query.All("query.attributes"))
        {
            if (!string.IsNullOrEmpty(json) && !TagParameters.TryParseJsonObject(json, attributes, out var error))
            {
                throw new QueryParameterException(RequestParams.V3Prefix("query.attributes") + error);
            }
        }

        var traceQuery = new TraceQuery
        {
            ServiceName = query.First("query.serviceName", "query.service_name", out _),
            OperationName = query.First("query.operationName", "query.operation_name", out _),
            Attributes = attributes,
            StartTimeMin = min,
            StartTimeMax = max,
            DurationMin = durationMin is { } dmin ? GoDuration.ToTimeSpan(dmin) : null,
            DurationMax = durationMax is { } dmax ? GoDuration.ToTimeSpan(dmax) : null,
            SearchDepth = options.ClampSearchDepth(depth),
        };
        return (traceQuery, raw);
    }
}
