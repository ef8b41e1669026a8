using System.Text.Json;

namespace TraceBackend.Storage.Elasticsearch.Client;

/// <summary>An HTTP response of the cluster: status code and raw body.</summary>
public sealed record ElasticsearchResponse(int StatusCode, byte[] Body)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Parses the body as JSON (the caller disposes the document).</summary>
    public JsonDocument ParseJson() => JsonDocument.Parse(Body);

    /// <summary>The body as text, for error messages (truncated to 2 000 characters).</summary>
    public string BodyText(int max = 2000)
    {
        var text = System.Text.Encoding.UTF8.GetString(Body);
        return text.Length <= max ? text : text[..max] + "…";
    }
}
