using System.Text;
using System.Text.Json;

namespace TraceBackend.Query.Tests.Support;

internal static class JsonHelpers
{
    /// <summary>Serializer options escaping like the API's writers (only what JSON requires).</summary>
    public static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs <paramref name="write"/> on a compact writer and parses the result.</summary>
    public static JsonElement Render(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    public static string RenderText(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The property names of an object, in document order.</summary>
    public static string[] Names(this JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    /// <summary>Finds the tag/field with <paramref name="key"/> in a v1 KeyValue array.</summary>
    public static JsonElement Tag(this JsonElement keyValues, string key) =>
        keyValues.EnumerateArray().Single(kv => kv.GetProperty("key").GetString() == key);

    public static string[] Keys(this JsonElement keyValues) =>
        [.. keyValues.EnumerateArray().Select(kv => kv.GetProperty("key").GetString()!)];
}
