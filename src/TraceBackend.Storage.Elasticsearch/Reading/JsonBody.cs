using System.Buffers;
using System.Text.Json;
using TraceBackend.Storage.Elasticsearch.Documents;

namespace TraceBackend.Storage.Elasticsearch.Reading;

/// <summary>Request bodies written with <see cref="Utf8JsonWriter"/>, so user values are always JSON-escaped, never spliced in.</summary>
internal static class JsonBody
{
    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions.Writer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>NDJSON (<c>_msearch</c>): each call of <paramref name="lines"/>'s writer action is one line.</summary>
    public static byte[] BuildLines(IEnumerable<Action<Utf8JsonWriter>> lines)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer, JsonOptions.Writer);
        foreach (var line in lines)
        {
            writer.Reset(buffer);
            line(writer);
            writer.Flush();
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
