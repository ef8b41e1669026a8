using TraceBackend.Storage.Elasticsearch.Templates;

namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// One index family in rollover mode, named as Jaeger's es-rollover does (<c>cmd/es-rollover/app/index_options.go</c>):
/// base <c>&lt;prefix&gt;jaeger-span</c>, aliases <c>…-read</c> / <c>…-write</c>, first index <c>…-000001</c>,
/// template <c>&lt;prefix&gt;jaeger-span</c>.
/// </summary>
public sealed record RolloverIndexSet(IndexTemplateKind Kind, string BaseName)
{
    public string ReadAlias => BaseName + "-read";

    public string WriteAlias => BaseName + "-write";

    public string InitialIndex => BaseName + "-000001";

    /// <summary>Span, service and (unless <paramref name="skipDependencies"/>) dependencies, in that order.</summary>
    /// <exception cref="ArgumentException">The prefix is not a valid index-name part.</exception>
    public static IReadOnlyList<RolloverIndexSet> For(ElasticsearchOptions options, bool skipDependencies)
    {
        var names = IndexAdminNames.For(options, useAliases: true);
        var sets = new List<RolloverIndexSet>
        {
            new(IndexTemplateKind.Span, names.SpanBase.TrimEnd('-')),
            new(IndexTemplateKind.Service, names.ServiceBase.TrimEnd('-')),
        };
        if (!skipDependencies)
        {
            sets.Add(new RolloverIndexSet(IndexTemplateKind.Dependencies, names.DependenciesBase.TrimEnd('-')));
        }

        return sets;
    }
}
