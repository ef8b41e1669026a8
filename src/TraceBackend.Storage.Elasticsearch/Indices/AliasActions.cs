using System.Text.Json.Nodes;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Templates;

namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// <c>POST /_aliases</c> with <c>{"actions": [{"add"|"remove": {"index", "alias"[, "is_write_index": true]}}]}</c>;
/// the actions of one request are applied atomically.
/// </summary>
internal static class AliasActions
{
    public static async Task AddAsync(IElasticsearchTransport transport, IReadOnlyList<AliasChange> changes, CancellationToken cancellationToken) =>
        await SendAsync(transport, "add", changes, cancellationToken).ConfigureAwait(false);

    public static async Task RemoveAsync(IElasticsearchTransport transport, IReadOnlyList<AliasChange> changes, CancellationToken cancellationToken) =>
        await SendAsync(transport, "remove", changes, cancellationToken).ConfigureAwait(false);

    private static async Task SendAsync(IElasticsearchTransport transport, string action, IReadOnlyList<AliasChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var actions = new JsonArray();
        foreach (var change in changes)
        {
            var target = new JsonObject { ["index"] = change.Index, ["alias"] = change.Alias };
            if (change.IsWriteIndex)
            {
                target["is_write_index"] = true;
            }

            actions.Add(new JsonObject { [action] = target });
        }

        var body = IndexTemplateBuilder.ToUtf8(new JsonObject { ["actions"] = actions });
        var response = await transport.SendAsync(HttpMethod.Post, "/_aliases", body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var verb = action == "add" ? "Adding" : "Removing";
        AdminResponses.EnsureSuccess(response, $"{verb} aliases [{string.Join(", ", changes)}]");
    }
}
