using System.Text.Json;

namespace TraceBackend.Storage.Elasticsearch.Client;

/// <summary>Short human-readable reasons from Elasticsearch error bodies, for exception messages and logs.</summary>
internal static class ErrorText
{
    /// <summary>
    /// <c>type: reason</c> of <c>{"error": {"type", "reason"}}</c>, the text of <c>{"error": "…"}</c>, or the raw
    /// body (truncated) when it is not such a document.
    /// </summary>
    public static string Describe(ElasticsearchResponse response)
    {
        if (response.Body.Length == 0)
        {
            return "(empty body)";
        }

        try
        {
            using var document = response.ParseJson();
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                return Describe(error);
            }
        }
        catch (JsonException)
        {
            // not JSON (a proxy's HTML page, for instance): the raw text below
        }

        return response.BodyText(500);
    }

    /// <summary><c>type: reason</c> of an error object (a bulk item's <c>error</c>, a search's <c>error</c>), or its text.</summary>
    public static string Describe(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String)
        {
            return error.GetString() ?? "";
        }

        if (error.ValueKind != JsonValueKind.Object)
        {
            return error.GetRawText();
        }

        var type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var reason = error.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return (type, reason) switch
        {
            (null, null) => error.GetRawText(),
            (null, _) => reason!,
            (_, null) => type,
            _ => $"{type}: {reason}",
        };
    }

    /// <summary>The exception for a non-2xx answer: <see cref="ElasticsearchUnavailableException"/> for 429/5xx, else <see cref="ElasticsearchException"/>.</summary>
    public static Exception Failure(ElasticsearchResponse response, string operation)
    {
        var message = $"{operation} failed: HTTP {response.StatusCode} {Describe(response)}";
        return IsRetryable(response.StatusCode) ? new ElasticsearchUnavailableException(message) : new ElasticsearchException(message, response.StatusCode);
    }

    /// <summary>429 and every 5xx: the cluster is overloaded or failing, the same request may succeed later.</summary>
    public static bool IsRetryable(int statusCode) => statusCode is 429 or >= 500;
}
