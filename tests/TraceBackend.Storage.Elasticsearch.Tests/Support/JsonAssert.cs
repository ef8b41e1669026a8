using System.Text.Json.Nodes;

namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>JSON comparison by content (key order inside objects, whitespace and string escaping do not matter).</summary>
public static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"JSON differs.\nexpected: {e?.ToJsonString()}\nactual:   {a?.ToJsonString()}");
    }
}
