using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TraceBackend.Query.Json;

/// <summary>
/// Writes JSON straight into the response body pipe. Success bodies are <c>application/json</c>; error bodies
/// follow Go's <c>http.Error</c> (text/plain, nosniff, trailing newline) as Jaeger's do.
/// </summary>
internal static class JsonOutput
{
    /// <summary>Unflushed bytes after which a streaming writer pushes data to the client.</summary>
    private const int FlushThreshold = 64 * 1024;

    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions s_indented = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
        IndentSize = 4,
    };

    public static JsonWriterOptions Options(bool pretty) => pretty ? s_indented : s_compact;

    /// <summary>Sets status 200 and the JSON content type and returns a writer on the body pipe.</summary>
    public static Utf8JsonWriter Begin(HttpContext context, bool pretty)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return new Utf8JsonWriter(context.Response.BodyWriter, Options(pretty));
    }

    /// <summary>Hands buffered output to the transport when enough has accumulated (call between large items).</summary>
    public static async ValueTask FlushIfLargeAsync(Utf8JsonWriter writer, HttpContext context)
    {
        if (writer.BytesPending > 0)
        {
            writer.Flush();
        }

        var pipe = context.Response.BodyWriter;
        if (!pipe.CanGetUnflushedBytes || pipe.UnflushedBytes >= FlushThreshold)
        {
            await pipe.FlushAsync(context.RequestAborted);
        }
    }

    public static async Task CompleteAsync(Utf8JsonWriter writer, HttpContext context)
    {
        writer.Flush();
        await writer.DisposeAsync();
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>Writes an error body the way Go's <c>http.Error</c> does (JSON text plus a newline).</summary>
    public static async Task WriteErrorAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            body(writer);
        }

        buffer.Write("\n"u8);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>Plain-text 404 for unknown API paths, exactly as Go's <c>http.NotFound</c>.</summary>
    public static Task WriteNotFoundTextAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status404NotFound;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        return response.WriteAsync("404 page not found\n", context.RequestAborted);
    }
}
