using System.Text.Json;

namespace TraceBackend.EndToEnd.Tests;

/// <summary>Helpers to read the Jaeger v1 JSON the UI and Grafana consume.</summary>
internal static class JaegerJson
{
    public static async Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCodeExpectation expected = HttpStatusCodeExpectation.Ok)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (expected == HttpStatusCodeExpectation.Ok)
        {
            Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static JsonElement Tag(JsonElement tags, string key)
    {
        foreach (var tag in tags.EnumerateArray())
        {
            if (tag.GetProperty("key").GetString() == key)
            {
                return tag;
            }
        }

        Assert.Fail($"tag '{key}' not found in {tags}");
        return default;
    }

    public static bool HasTag(JsonElement tags, string key) =>
        tags.EnumerateArray().Any(t => t.GetProperty("key").GetString() == key);

    public static JsonElement SpanByName(JsonElement trace, string operationName)
    {
        foreach (var span in trace.GetProperty("spans").EnumerateArray())
        {
            if (span.GetProperty("operationName").GetString() == operationName)
            {
                return span;
            }
        }

        Assert.Fail($"span '{operationName}' not found");
        return default;
    }

    /// <summary>Asserts the invariants every consumer relies on (§1.4): processes resolve, lists are arrays, times integers.</summary>
    public static void AssertWellFormedTrace(JsonElement trace)
    {
        var traceId = trace.GetProperty("traceID").GetString();
        Assert.Matches("^([0-9a-f]{16}|[0-9a-f]{32})$", traceId);
        var processes = trace.GetProperty("processes");
        Assert.NotEqual(0, trace.GetProperty("spans").GetArrayLength());
        foreach (var span in trace.GetProperty("spans").EnumerateArray())
        {
            Assert.Equal(traceId, span.GetProperty("traceID").GetString());
            Assert.Matches("^[0-9a-f]{16}$", span.GetProperty("spanID").GetString());
            Assert.True(processes.TryGetProperty(span.GetProperty("processID").GetString()!, out var process));
            Assert.Equal(JsonValueKind.String, process.GetProperty("serviceName").ValueKind);
            Assert.Equal(JsonValueKind.Array, process.GetProperty("tags").ValueKind);
            Assert.Equal(JsonValueKind.Number, span.GetProperty("startTime").ValueKind);
            Assert.True(span.GetProperty("startTime").GetInt64() > 0);
            Assert.Equal(JsonValueKind.Number, span.GetProperty("duration").ValueKind);
            Assert.Equal(JsonValueKind.Array, span.GetProperty("references").ValueKind);
            Assert.Equal(JsonValueKind.Array, span.GetProperty("tags").ValueKind);
            Assert.Equal(JsonValueKind.Array, span.GetProperty("logs").ValueKind);
            foreach (var log in span.GetProperty("logs").EnumerateArray())
            {
                Assert.Equal(JsonValueKind.Number, log.GetProperty("timestamp").ValueKind);
                Assert.Equal(JsonValueKind.Array, log.GetProperty("fields").ValueKind);
            }
        }
    }
}

internal enum HttpStatusCodeExpectation
{
    Ok,
    Any,
}
