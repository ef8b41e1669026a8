using System.Text;
using System.Text.Json;

namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>A request the fake cluster received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, string? ContentType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The body as one JSON document.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The NDJSON lines of a <c>_bulk</c> or <c>_msearch</c> body.</summary>
    public IReadOnlyList<JsonElement> Lines =>
        [.. BodyText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static line => JsonDocument.Parse(line).RootElement)];

    public override string ToString() => $"{Method} {Path}{Query}";
}
