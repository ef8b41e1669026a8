namespace TraceBackend.Storage.Elasticsearch.Reading;

/// <summary>Index lists for request paths and <c>_msearch</c> headers.</summary>
internal static class IndexTargets
{
    /// <summary>Elasticsearch's default <c>http.max_initial_line_length</c> is 4 KB; paths stay well below it.</summary>
    private const int MaxPathLength = 3000;

    /// <summary>More daily indices than this in one search are replaced by the wildcard (the time range filter still applies).</summary>
    private const int MaxListedIndices = 400;

    /// <summary>
    /// The comma-joined index names, or <paramref name="wildcardBase"/> followed by <c>*</c> when the list would make
    /// the request line too long (a search over a year of daily indices); the query's time range then lets the
    /// cluster skip the other indices' shards.
    /// </summary>
    public static string ForPath(IReadOnlyList<string> indices, string wildcardBase)
    {
        var joined = string.Join(',', indices.Select(Uri.EscapeDataString));
        return joined.Length <= MaxPathLength && indices.Count > 0 ? joined : string.Join(',', Wildcard(wildcardBase).Select(Uri.EscapeDataString));
    }

    /// <summary>The names, or the wildcard when there are too many to list in an <c>_msearch</c> header.</summary>
    public static IReadOnlyList<string> ForHeader(IReadOnlyList<string> indices, string wildcardBase) =>
        indices.Count is > 0 and <= MaxListedIndices ? indices : Wildcard(wildcardBase);

    /// <summary>
    /// Every index of a base name: <c>base*</c>; for spans without Jaeger's archive index (<c>…jaeger-span-archive</c>,
    /// which <c>jaeger-span-*</c> also matches), excluded with the multi-target syntax's <c>-</c>.
    /// </summary>
    public static IReadOnlyList<string> Wildcard(string baseName) =>
        baseName.EndsWith(SpanBaseSuffix, StringComparison.Ordinal) ? [baseName + "*", "-" + baseName + "archive*"] : [baseName + "*"];

    private const string SpanBaseSuffix = "jaeger-span-";
}
