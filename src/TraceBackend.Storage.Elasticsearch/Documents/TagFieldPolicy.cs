using TraceBackend.Model;

namespace TraceBackend.Storage.Elasticsearch.Documents;

/// <summary>
/// Jaeger's "tags as fields": which tags are stored in the <c>tag</c> / <c>process.tag</c> objects instead of the
/// nested <c>tags</c> lists, and how their keys are spelled there ('.' replaced, since ES reads dots as object paths).
/// A tag is elevated when <see cref="ElasticsearchOptions.TagsAsFieldsAll"/> is set or its key is listed in
/// <see cref="ElasticsearchOptions.TagsAsFieldsInclude"/>; binary tags never are. An elevated tag is stored only
/// there (as Jaeger does), so a document never holds a tag twice.
/// </summary>
internal sealed class TagFieldPolicy
{
    private readonly bool _all;
    private readonly HashSet<string> _include;

    public TagFieldPolicy(ElasticsearchOptions options)
        : this(options.TagsAsFieldsAll, options.TagsAsFieldsInclude, options.TagDotReplacement)
    {
    }

    public TagFieldPolicy(bool all, IEnumerable<string> include, string dotReplacement)
    {
        _all = all;
        _include = new HashSet<string>(include.Select(static k => k.Trim()).Where(static k => k.Length > 0), StringComparer.Ordinal);
        DotReplacement = dotReplacement ?? "";
    }

    public string DotReplacement { get; }

    /// <summary>True when some tag may be elevated (otherwise documents have no <c>tag</c> objects to write).</summary>
    public bool ElevatesAny => _all || _include.Count > 0;

    /// <summary>
    /// Whether a tag is also written as a <c>tag.&lt;key&gt;</c> field: selected, not binary (as Jaeger), and with a
    /// non-empty key (an empty field name would make the cluster reject the whole document; it stays in <c>tags</c>).
    /// </summary>
    public bool Elevates(string key, AttributeType type) => type != AttributeType.Bytes && key.Length > 0 && (_all || _include.Contains(key));

    /// <summary>The field name under <c>tag.</c>: the key with every '.' replaced.</summary>
    public string ToFieldName(string key) => key.Replace(".", DotReplacement, StringComparison.Ordinal);

    /// <summary>
    /// The tag key of a field name: every replacement restored to '.' (Jaeger's rule; a key that contained the
    /// replacement itself comes back with a '.'). An empty replacement cannot be reversed and is left alone.
    /// </summary>
    public string FromFieldName(string name) =>
        DotReplacement.Length == 0 ? name : name.Replace(DotReplacement, ".", StringComparison.Ordinal);
}
