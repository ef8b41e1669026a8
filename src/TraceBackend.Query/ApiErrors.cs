using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TraceBackend.Query.Json;

namespace TraceBackend.Query;

/// <summary>
/// Runs a handler and turns failures into API errors: <see cref="QueryParameterException"/> → 400, anything else
/// → 500 with the exception message; a client disconnect ends the request silently. Never an empty 500, and never an
/// error document appended to partial JSON: a failure after part of the body reached the client aborts the connection.
/// </summary>
internal sealed class ApiErrors(ILogger logger)
{
    public Task RunV1(HttpContext context, Func<HttpContext, Task> handler) =>
        Run(context, handler, static (ctx, status, message) => WriteV1Async(ctx, status, message));

    public Task RunV3(HttpContext context, Func<HttpContext, Task> handler) =>
        Run(context, handler, static (ctx, status, message) => WriteV3Async(ctx, status, message));

    public static Task WriteV1Async(HttpContext context, int status, string message) =>
        JsonOutput.WriteErrorAsync(context, status, w => V1Envelope.WriteError(w, status, message));

    /// <summary><c>{"error":{"httpCode":n,"message":"…"}}</c> (the api_v3 <c>GRPCGatewayError</c>).</summary>
    public static Task WriteV3Async(HttpContext context, int status, string message) =>
        JsonOutput.WriteErrorAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteNumber("httpCode", status);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private async Task Run(HttpContext context, Func<HttpContext, Task> handler, Func<HttpContext, int, string, Task> writeError)
    {
        try
        {
            await handler(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception ex)
        {
            var parameterError = ex is QueryParameterException;
            if (!parameterError)
            {
                Log.RequestFailed(logger, context.Request.Path, ex);
            }

            // A JSON body that began but never left the process is dropped, so the error document is the whole body.
            if (JsonOutput.TryResetBody(context))
            {
                await writeError(context, parameterError ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError, ex.Message);
            }
            else
            {
                // Part of the body is already sent: the only honest signal left is to abort the connection.
                context.Abort();
            }
        }
        finally
        {
            JsonOutput.Release(context);
        }
    }
}
