using System.Text;

namespace TraceBackend.Storage.Elasticsearch.Templates;

/// <summary>
/// One rendered index template: the request that installs it is <c>PUT {Path}</c> with <see cref="Body"/>
/// (a PUT replaces an existing template of the same name, so installing is idempotent).
/// </summary>
/// <param name="Kind">Which index family the template applies to.</param>
/// <param name="Name">Template name: <c>[prefix-]jaeger-span</c>, <c>…-service</c> or <c>…-dependencies</c>.</param>
/// <param name="Path"><c>/_template/{Name}</c> (legacy: ES 6.x, ES 7.0–7.7) or <c>/_index_template/{Name}</c> (composable).</param>
/// <param name="Body">UTF-8 JSON body.</param>
public sealed record IndexTemplate(IndexTemplateKind Kind, string Name, string Path, byte[] Body)
{
    public bool IsComposable => Path.StartsWith("/_index_template/", StringComparison.Ordinal);

    public string BodyText => Encoding.UTF8.GetString(Body);

    public override string ToString() => $"PUT {Path}";
}
