namespace TraceBackend.Storage.Elasticsearch.Templates;

/// <summary>The three index families of Jaeger's layout that get an index template.</summary>
public enum IndexTemplateKind
{
    /// <summary><c>[prefix-]jaeger-span-*</c>, template <c>[prefix-]jaeger-span</c>.</summary>
    Span,

    /// <summary><c>[prefix-]jaeger-service-*</c>, template <c>[prefix-]jaeger-service</c>.</summary>
    Service,

    /// <summary><c>[prefix-]jaeger-dependencies-*</c>, template <c>[prefix-]jaeger-dependencies</c>.</summary>
    Dependencies,
}
