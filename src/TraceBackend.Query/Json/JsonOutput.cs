using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TraceBackend.Query.Json;

/// <summary>
/// Writes JSON response bodies. Success bodies are <c>application/json</c>; error bodies follow Go's
/// <c>http.Error</c> (text/plain, nosniff, trailing newline) as Jaeger's do.
/// A body started with <see cref="Begin"/> is staged (<see cref="StagedBodyWriter"/>) until its first flush, so a
/// handler that fails before anything reached the client can still answer with a clean error
/// (<see cref="TryResetBody"/>); after the first flush it streams straight into the response pipe.
/// </summary>
internal static class JsonOutput
{
    /// <summary>Unflushed bytes after which a streaming writer pushes data to the client.</summary>
    private const int FlushThreshold = 64 * 1024;

    /// <summary><see cref="HttpContext.Items"/> key of the current request's <see cref="StagedBodyWriter"/>.</summary>
    private static readonly object s_bodyKey = new();

    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions s_indented = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
        IndentSize = 4,
    };

    public static JsonWriterOptions Options(bool pretty) => pretty ? s_indented : s_compact;

    /// <summary>
    /// Sets status 200 and the JSON content type and returns a writer whose output is staged until the first
    /// <see cref="FlushIfLargeAsync"/> that flushes, or <see cref="CompleteAsync"/>. Once per request.
    /// </summary>
    public static Utf8JsonWriter Begin(HttpContext context, bool pretty)
    {
        if (context.Items.ContainsKey(s_bodyKey))
        {
            throw new InvalidOperationException("The JSON body of this response has already begun.");
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var body = new StagedBodyWriter(context.Response.BodyWriter);
        context.Items[s_bodyKey] = body;
        return new Utf8JsonWriter(body, Options(pretty));
    }

    /// <summary>
    /// Hands buffered output to the client when at least 64 KB have accumulated. Call between items (the writer must
    /// not be in the middle of a value); the first flush commits the body.
    /// </summary>
    public static async ValueTask FlushIfLargeAsync(Utf8JsonWriter writer, HttpContext context)
    {
        writer.Flush();
        var body = Body(context);
        if (body.PendingBytes >= FlushThreshold)
        {
            await body.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>Writes out everything left and releases the staging buffers.</summary>
    public static async Task CompleteAsync(Utf8JsonWriter writer, HttpContext context)
    {
        writer.Flush();
        await writer.DisposeAsync();
        var body = Body(context);
        await body.FlushAsync(context.RequestAborted);
        body.Dispose();
    }

    /// <summary>
    /// After a failure: drops a body begun with <see cref="Begin"/> that has not reached the client, so a clean error
    /// can be written instead. Returns false when the response has started or bytes were already committed to the
    /// pipe, i.e. when the only honest signal left is aborting the connection.
    /// </summary>
    public static bool TryResetBody(HttpContext context)
    {
        var clean = !context.Response.HasStarted;
        if (context.Items.Remove(s_bodyKey, out var value) && value is StagedBodyWriter body)
        {
            clean &= body.Discard();
        }

        return clean;
    }

    /// <summary>Returns the staging buffers of an unfinished body to the pool (idempotent; for abandoned requests).</summary>
    public static void Release(HttpContext context)
    {
        if (context.Items.TryGetValue(s_bodyKey, out var value) && value is StagedBodyWriter body)
        {
            body.Dispose();
        }
    }

    private static StagedBodyWriter Body(HttpContext context) =>
        context.Items.TryGetValue(s_bodyKey, out var value) && value is StagedBodyWriter body
            ? body
            : throw new InvalidOperationException("JsonOutput.Begin was not called for this response.");

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
