using System.Globalization;

namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// Jaeger's index names (reference §4.1): daily <c>[prefix-]jaeger-span-YYYY-MM-DD</c> (UTC date of the span's
/// start), or in alias mode the single <c>…-write</c> / <c>…-read</c> alias.
/// </summary>
public sealed class IndexNames
{
    private readonly bool _useAliases;

    public IndexNames(string prefix, bool useAliases)
    {
        Prefix = prefix.Length == 0 || prefix.EndsWith('-') ? prefix : prefix + "-";
        _useAliases = useAliases;
    }

    /// <summary>"" or the prefix with one trailing '-'.</summary>
    public string Prefix { get; }

    public string SpanBase => Prefix + "jaeger-span-";

    public string ServiceBase => Prefix + "jaeger-service-";

    public string DependenciesBase => Prefix + "jaeger-dependencies-";

    public string SpanWriteIndex(DateTimeOffset time) => WriteIndex(SpanBase, time);

    public string ServiceWriteIndex(DateTimeOffset time) => WriteIndex(ServiceBase, time);

    public string DependenciesWriteIndex(DateTimeOffset time) => WriteIndex(DependenciesBase, time);

    /// <summary>Indices to search for data in [start, end], newest first (comma-join them for a URL).</summary>
    public IReadOnlyList<string> SpanReadIndices(DateTimeOffset start, DateTimeOffset end) => ReadIndices(SpanBase, start, end);

    public IReadOnlyList<string> ServiceReadIndices(DateTimeOffset start, DateTimeOffset end) => ReadIndices(ServiceBase, start, end);

    public IReadOnlyList<string> DependenciesReadIndices(DateTimeOffset start, DateTimeOffset end) => ReadIndices(DependenciesBase, start, end);

    public static string DailySuffix(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string WriteIndex(string baseName, DateTimeOffset time) => _useAliases ? baseName + "write" : baseName + DailySuffix(time);

    private IReadOnlyList<string> ReadIndices(string baseName, DateTimeOffset start, DateTimeOffset end)
    {
        if (_useAliases)
        {
            return [baseName + "read"];
        }

        var names = new List<string>();
        var first = start.UtcDateTime.Date;
        for (var day = end.UtcDateTime.Date; day >= first; day = day.AddDays(-1))
        {
            names.Add(baseName + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (names.Count > 3660)
            {
                break; // ten years of daily indices: a wider window is a caller error, not a reason to build a huge URL
            }
        }

        return names;
    }
}
