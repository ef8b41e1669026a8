using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Indices;

namespace TraceBackend.Storage.Elasticsearch.Templates;

/// <summary>
/// Installs the span, service and dependencies templates (<see cref="IndexTemplateBuilder"/>). Each PUT replaces
/// a template of the same name, so calling this at every start-up is idempotent. Whether to call it at all is the
/// caller's decision (<see cref="ElasticsearchOptions.CreateIndexTemplates"/>); es-rollover init always does.
/// Templates only affect indices created afterwards.
/// </summary>
public static class IndexTemplateInstaller
{
    /// <returns>The installed templates, in request order.</returns>
    /// <exception cref="ElasticsearchException">A PUT was answered with a non-2xx status; the message names the template and the server's reason.</exception>
    /// <exception cref="ElasticsearchUnavailableException">The cluster could not be reached.</exception>
    public static async Task<IReadOnlyList<IndexTemplate>> EnsureTemplatesAsync(IElasticsearchTransport transport, ElasticsearchServerInfo server,
        ElasticsearchOptions options, CancellationToken cancellationToken)
    {
        var templates = IndexTemplateBuilder.BuildAll(server, options);
        foreach (var template in templates)
        {
            await PutAsync(transport, template, cancellationToken).ConfigureAwait(false);
        }

        return templates;
    }

    /// <summary>PUTs one rendered template.</summary>
    public static async Task PutAsync(IElasticsearchTransport transport, IndexTemplate template, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Put, template.Path, template.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        AdminResponses.EnsureSuccess(response, $"Creating index template '{template.Name}' ({template})");
    }
}
