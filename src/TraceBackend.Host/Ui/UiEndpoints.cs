using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;

namespace TraceBackend.Host.Ui;

/// <summary>
/// Serves a Jaeger UI build from the query port (§1.10 of the compatibility reference): <c>static/*</c> assets with
/// long caching, other top-level files as they are, and every other GET route the patched <c>index.html</c>
/// (SPA fallback, no caching). Without a UI folder the fallback is a short page saying how to add one.
/// </summary>
public static class UiEndpoints
{
    private static readonly FileExtensionContentTypeProvider s_contentTypes = new();

    public static void MapJaegerUi(this IEndpointRouteBuilder routes, string basePath, string? uiPath, Func<UiInjection> injection)
    {
        if (uiPath is null)
        {
            routes.MapFallback("{**path}", static context =>
            {
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(NoUiPage);
            });
            return;
        }

        var index = new UiIndexFile(Path.Combine(Path.GetFullPath(uiPath), "index.html"));
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(uiPath));
        routes.MapGet("/static/{**path}", (HttpContext context, string? path) =>
            ServeFile(context, root, "static/" + path, immutable: true));
        routes.MapFallback("{**path}", async context =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var relative = RelativePath(context, basePath);
            if (relative.Length > 0 && !relative.Contains('/') && relative != "index.html" && File.Exists(Path.Combine(root, relative)))
            {
                await ServeFile(context, root, relative, immutable: false);
                return;
            }

            string html;
            try
            {
                html = index.Read(injection());
            }
            catch (IOException e)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"cannot read the UI's index.html: {e.Message}\n");
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
            await context.Response.WriteAsync(html);
        });
    }

    private static string RelativePath(HttpContext context, string basePath)
    {
        var path = context.Request.Path.Value ?? "";
        if (basePath.Length > 0 && path.StartsWith(basePath, StringComparison.Ordinal))
        {
            path = path[basePath.Length..];
        }

        return path.TrimStart('/');
    }

    private static async Task ServeFile(HttpContext context, string root, string relative, bool immutable)
    {
        var full = Path.GetFullPath(Path.Combine(root, WebUtility.UrlDecode(relative)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = s_contentTypes.TryGetContentType(full, out var type) ? type : "application/octet-stream";
        if (immutable)
        {
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        }

        await context.Response.SendFileAsync(full);
    }

    private const string NoUiPage = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>TraceBackend</title></head>
        <body style="font-family: sans-serif; max-width: 48em; margin: 2em auto">
        <h1>TraceBackend</h1>
        <p>No UI is configured on this query port. Start the backend with <code>--ui-path DIR</code> pointing at a
        Jaeger UI build (the folder holding <code>index.html</code> and <code>static/</code>), or point Grafana's
        Jaeger data source at this address.</p>
        <p>APIs: <a href="api/services">api/services</a>, <code>api/traces?service=…</code>,
        <code>api/traces/{traceID}</code>, <code>api/dependencies</code>, <a href="api/v3/services">api/v3/services</a>.</p>
        </body></html>
        """;
}
