using System.Text.Json;
using TraceBackend.Storage.Elasticsearch.Client;

namespace TraceBackend.Storage.Elasticsearch.Indices;

/// <summary>
/// Turns non-2xx answers of index-administration requests into <see cref="ElasticsearchException"/>s that name the
/// operation and carry the server's reason (<see cref="ErrorText.Describe(ElasticsearchResponse)"/>). Unlike the
/// data path, a 429/5xx that survived the transport's retries is reported as the same exception: an admin command
/// is run by hand or by cron and simply fails.
/// </summary>
internal static class AdminResponses
{
    /// <exception cref="ElasticsearchException">The answer is not 2xx.</exception>
    public static void EnsureSuccess(ElasticsearchResponse response, string operation)
    {
        if (!response.IsSuccess)
        {
            throw Failure(response, operation);
        }
    }

    public static ElasticsearchException Failure(ElasticsearchResponse response, string operation) =>
        new($"{operation} failed: HTTP {response.StatusCode} {ErrorText.Describe(response)}", response.StatusCode);

    /// <summary>The <c>error.type</c> of an error answer, or null.</summary>
    public static string? ErrorType(ElasticsearchResponse response)
    {
        try
        {
            using var document = response.ParseJson();
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
