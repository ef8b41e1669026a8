namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>What the fake cluster answers.</summary>
public sealed record FakeResponse(int Status, string Body)
{
    public static FakeResponse Json(string body) => new(200, body);

    public static FakeResponse Error(int status, string type, string reason) =>
        new(status, $$"""{"error":{"type":"{{type}}","reason":"{{reason}}"},"status":{{status}}}""");
}
