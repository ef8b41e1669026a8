using System.Globalization;
using System.Text.Json;
using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// Lists the open indices named <c>&lt;prefix&gt;jaeger-*</c> with their aliases and creation dates, with the
/// request Jaeger's es-rollover and es-index-cleaner use:
/// <c>GET /&lt;prefix&gt;jaeger-*?flat_settings=true&amp;filter_path=*.aliases,*.settings</c>
/// (a wildcard that matches nothing answers <c>{}</c>).
/// </summary>
internal static class JaegerIndexCatalog
{
    public static string Path(string prefix) => $"/{prefix}jaeger-*?flat_settings=true&filter_path=*.aliases,*.settings";

    /// <returns>Indices ordered by name (ordinal).</returns>
    public static async Task<IReadOnlyList<JaegerIndex>> ListAsync(IElasticsearchTransport transport, string prefix, CancellationToken cancellationToken)
    {
        var response = await transport.SendAsync(HttpMethod.Get, Path(prefix), cancellationToken: cancellationToken).ConfigureAwait(false);
        AdminResponses.EnsureSuccess(response, $"Listing indices '{prefix}jaeger-*'");
        try
        {
            return Parse(response);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new ElasticsearchException($"Listing indices '{prefix}jaeger-*' returned an unexpected body: {e.Message}: {response.BodyText(500)}", response.StatusCode);
        }
    }

    private static List<JaegerIndex> Parse(ElasticsearchResponse response)
    {
        using var document = response.ParseJson();
        var indices = new List<JaegerIndex>();
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("expected a JSON object");
        }

        foreach (var index in document.RootElement.EnumerateObject())
        {
            var aliases = new Dictionary<string, bool?>(StringComparer.Ordinal);
            if (index.Value.TryGetProperty("aliases", out var aliasObject) && aliasObject.ValueKind == JsonValueKind.Object)
            {
                foreach (var alias in aliasObject.EnumerateObject())
                {
                    bool? isWriteIndex = alias.Value.ValueKind == JsonValueKind.Object
                        && alias.Value.TryGetProperty("is_write_index", out var flag)
                        && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? flag.GetBoolean()
                        : null;
                    aliases[alias.Name] = isWriteIndex;
                }
            }

            indices.Add(new JaegerIndex(index.Name, CreationTime(index.Value), aliases));
        }

        indices.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return indices;
    }

    /// <summary><c>settings["index.creation_date"]</c>: epoch milliseconds, a string with <c>flat_settings</c>.</summary>
    private static DateTimeOffset CreationTime(JsonElement index)
    {
        if (!index.TryGetProperty("settings", out var settings) || settings.ValueKind != JsonValueKind.Object
            || !settings.TryGetProperty("index.creation_date", out var value))
        {
            throw new InvalidOperationException("an index without settings.\"index.creation_date\"");
        }

        var millis = value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : long.Parse(value.GetString() ?? "", NumberStyles.None, CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds(millis);
    }
}
