using System.Text.Json.Nodes;

namespace TraceBackend.Storage.Elasticsearch.Tests.Indices;

/// <summary>One request seen by <see cref="ScriptedTransport"/>.</summary>
internal sealed record RecordedRequest(HttpMethod Method, string Path, string? Body, string ContentType)
{
    public JsonNode Json => JsonNode.Parse(Body ?? throw new InvalidOperationException($"{this} has no body"))!;

    public override string ToString() => $"{Method} {Path}";
}
