namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// Validates the index prefix before it goes into URLs, template names and patterns. Elasticsearch refuses
/// index names with upper case or <c>\ / * ? " &lt; &gt; | , #</c>, space or <c>:</c>, and names starting with
/// <c>- _ +</c>; <c>% &amp; = ?</c> would also change the meaning of a request URL. A prefix with any of them is
/// a configuration error, reported before any request is sent.
/// </summary>
internal static class IndexAdminNames
{
    private static readonly char[] s_forbidden = ['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':', '%', '&', '=', '+'];

    public static IndexNames For(ElasticsearchOptions options, bool? useAliases = null)
    {
        ValidatePrefix(options.IndexPrefix);
        return new IndexNames(options.IndexPrefix, useAliases ?? options.UseAliases);
    }

    public static void ValidatePrefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return;
        }

        if (prefix[0] is '-' or '_' or '.' || prefix.IndexOfAny(s_forbidden) >= 0 || prefix.Any(char.IsUpper) || prefix.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"Index prefix '{prefix}' is not a valid Elasticsearch index name part (lower case only; no \\ / * ? \" < > | , # : % & = + or space; must not start with '-', '_' or '.').",
                nameof(prefix));
        }
    }
}
