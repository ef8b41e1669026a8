using System.Text.Json;
using System.Text.Json.Nodes;
using TraceBackend.Storage.Elasticsearch.Client;
using TraceBackend.Storage.Elasticsearch.Templates;

namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// The <c>es-rollover</c> subcommands, with the requests of Jaeger's tool (<c>cmd/es-rollover/app/{init,rollover,lookback}</c>)
/// for the span, service and dependencies families (<see cref="RolloverIndexSet"/>). The store then writes through
/// <c>…-write</c> and reads through <c>…-read</c> (<see cref="ElasticsearchOptions.UseAliases"/>).
/// Every method throws <see cref="ElasticsearchException"/> (operation and server reason in the message) on a
/// non-2xx answer and <see cref="ElasticsearchUnavailableException"/> when the cluster cannot be reached; the
/// steps already done stay done, and rerunning is safe.
/// </summary>
public static partial class IndexRollover
{
    /// <summary>
    /// <c>init</c>: checks the ILM policy (Elasticsearch with <c>UseIlm</c>: <c>GET _ilm/policy/&lt;name&gt;</c>),
    /// installs the templates in alias mode, then for each family without a write alias creates
    /// <c>…-000001</c> (<c>PUT /&lt;index&gt;</c>; an existing index is kept) and adds the missing aliases in one
    /// <c>POST _aliases</c>: <c>…-write</c> (with <c>is_write_index: true</c> only under ILM, as Jaeger does, so a
    /// plain rollover moves the alias to the new index) and <c>…-read</c>.
    /// </summary>
    /// <exception cref="ElasticsearchException">The ILM policy does not exist (status 404), an index named like an alias exists, or a request failed.</exception>
    /// <exception cref="NotSupportedException"><c>UseIlm</c> against Elasticsearch 6.x.</exception>
    public static async Task<RolloverInitResult> InitAsync(IElasticsearchTransport transport, ElasticsearchServerInfo server,
        ElasticsearchOptions options, RolloverParameters parameters, CancellationToken cancellationToken)
    {
        var aliasOptions = options with { UseAliases = true };
        var sets = RolloverIndexSet.For(aliasOptions, parameters.SkipDependencies);
        var useIlm = IndexTemplateBuilder.IsIlmEnabled(server, aliasOptions);
        if (useIlm && server.Distribution == ElasticsearchDistribution.Elasticsearch)
        {
            await EnsureIlmPolicyExistsAsync(transport, options.IlmPolicyName, cancellationToken).ConfigureAwait(false);
        }

        var templates = new List<string>();
        foreach (var set in sets)
        {
            var template = IndexTemplateBuilder.Build(set.Kind, server, aliasOptions);
            await IndexTemplateInstaller.PutAsync(transport, template, cancellationToken).ConfigureAwait(false);
            templates.Add(template.Name);
        }

        var indices = await JaegerIndexCatalog.ListAsync(transport, IndexAdminNames.For(aliasOptions).Prefix, cancellationToken).ConfigureAwait(false);
        var created = new List<string>();
        var aliases = new List<AliasChange>();
        foreach (var set in sets)
        {
            EnsureNoIndexNamedLikeAlias(indices, set);
            var writeIndex = indices.FirstOrDefault(index => index.IsWriteIndexOf(set.WriteAlias));
            var hasWriteAlias = indices.Any(index => index.HasAlias(set.WriteAlias));
            if (!hasWriteAlias)
            {
                if (await CreateIndexIfMissingAsync(transport, set.InitialIndex, cancellationToken).ConfigureAwait(false))
                {
                    created.Add(set.InitialIndex);
                }

                aliases.Add(new AliasChange(set.WriteAlias, set.InitialIndex, IsWriteIndex: useIlm));
            }

            var readTarget = hasWriteAlias ? writeIndex?.Name : set.InitialIndex;
            if (readTarget is not null && !indices.Any(index => index.HasAlias(set.ReadAlias)))
            {
                aliases.Add(new AliasChange(set.ReadAlias, readTarget));
            }
        }

        await AliasActions.AddAsync(transport, aliases, cancellationToken).ConfigureAwait(false);
        return new RolloverInitResult(templates, created, aliases);
    }

    /// <summary>
    /// <c>rollover</c>: for each family <c>POST /&lt;write alias&gt;/_rollover</c> with
    /// <c>{"conditions": &lt;parameters.Conditions&gt;}</c> (no body when empty: unconditional), then adds the
    /// read alias to the write index when it lacks it (Jaeger adds it to every index of the write alias).
    /// </summary>
    /// <exception cref="ArgumentException"><see cref="RolloverParameters.Conditions"/> is not a JSON object.</exception>
    public static async Task<IReadOnlyList<RolloverOutcome>> RolloverAsync(IElasticsearchTransport transport, ElasticsearchServerInfo server,
        ElasticsearchOptions options, RolloverParameters parameters, CancellationToken cancellationToken)
    {
        _ = server; // same requests on every server version
        var sets = RolloverIndexSet.For(options, parameters.SkipDependencies);
        var conditions = ParseConditions(parameters.Conditions);
        var prefix = IndexAdminNames.For(options).Prefix;
        var outcomes = new List<RolloverOutcome>();
        foreach (var set in sets)
        {
            // Cast: a null byte[] would convert to an empty, non-null ReadOnlyMemory body.
            var body = conditions is null
                ? (ReadOnlyMemory<byte>?)null
                : IndexTemplateBuilder.ToUtf8(new JsonObject { ["conditions"] = conditions.DeepClone() });
            var response = await transport.SendAsync(HttpMethod.Post, $"/{set.WriteAlias}/_rollover", body, cancellationToken: cancellationToken).ConfigureAwait(false);
            AdminResponses.EnsureSuccess(response, $"Rolling over alias '{set.WriteAlias}'");
            var (oldIndex, newIndex, rolledOver) = ParseRolloverAnswer(response, set.WriteAlias);

            var indices = await JaegerIndexCatalog.ListAsync(transport, prefix, cancellationToken).ConfigureAwait(false);
            var readAliases = indices
                .Where(index => index.IsWriteIndexOf(set.WriteAlias) && !index.HasAlias(set.ReadAlias))
                .Select(index => new AliasChange(set.ReadAlias, index.Name))
                .ToList();
            await AliasActions.AddAsync(transport, readAliases, cancellationToken).ConfigureAwait(false);
            outcomes.Add(new RolloverOutcome(set.WriteAlias, oldIndex, newIndex, rolledOver, readAliases));
        }

        return outcomes;
    }

    private static async Task EnsureIlmPolicyExistsAsync(IElasticsearchTransport transport, string policy, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Get, "/_ilm/policy/" + Uri.EscapeDataString(policy), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            throw new ElasticsearchException($"ILM policy {policy} doesn't exist in Elasticsearch. Please create it and re-run init.", 404);
        }

        AdminResponses.EnsureSuccess(response, $"Checking ILM policy '{policy}'");
    }

    /// <returns>True when the index was created, false when it already existed.</returns>
    private static async Task<bool> CreateIndexIfMissingAsync(IElasticsearchTransport transport, string index, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Put, "/" + index, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess)
        {
            return true;
        }

        if (response.StatusCode == 400 && AdminResponses.ErrorType(response) == "resource_already_exists_exception")
        {
            return false;
        }

        throw AdminResponses.Failure(response, $"Creating index '{index}'");
    }

    /// <summary>A writer that ran in alias mode before init makes the cluster auto-create an index named like the write alias.</summary>
    private static void EnsureNoIndexNamedLikeAlias(IReadOnlyList<JaegerIndex> indices, RolloverIndexSet set)
    {
        var clash = indices.FirstOrDefault(index => index.Name == set.WriteAlias || index.Name == set.ReadAlias);
        if (clash is not null)
        {
            throw new ElasticsearchException(
                $"Index '{clash.Name}' exists with the name of an alias (probably created by writes before es-rollover init); reindex or delete it, then re-run init.", 400);
        }
    }

    private static JsonObject? ParseConditions(string conditions)
    {
        if (string.IsNullOrWhiteSpace(conditions))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(conditions) as JsonObject
                ?? throw new ArgumentException($"Rollover conditions must be a JSON object, got: {conditions}", nameof(conditions));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Rollover conditions are not valid JSON ({e.Message}): {conditions}", nameof(conditions), e);
        }
    }

    private static (string OldIndex, string NewIndex, bool RolledOver) ParseRolloverAnswer(ElasticsearchResponse response, string alias)
    {
        try
        {
            using var document = response.ParseJson();
            var root = document.RootElement;
            return (root.GetProperty("old_index").GetString() ?? "", root.GetProperty("new_index").GetString() ?? "",
                root.GetProperty("rolled_over").GetBoolean());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ElasticsearchException($"Rolling over alias '{alias}' returned an unexpected body: {response.BodyText(500)}", response.StatusCode);
        }
    }
}
