using System.Text;

namespace TraceBackend.Storage.Elasticsearch.Reading;

/// <summary>
/// Escaping for Elasticsearch <c>regexp</c> queries (Lucene syntax with all optional operators enabled). Jaeger sends
/// tag values as regular expressions, so <c>http.url=/api/v1.0</c> also matched <c>/api/v1x0</c> and a value such as
/// <c>a(b</c> failed the whole search; TraceBackend's contract is exact match, so every operator character is escaped
/// and the expression matches the value literally (and, as regexps are anchored, the whole value).
/// </summary>
internal static class LuceneRegex
{
    private const string Operators = ".?+*|{}[]()\"\\#@&<>~";

    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny(Operators) < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (Operators.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
