using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace TraceBackend.Query.Grpc;

/// <summary>
/// Runs a gRPC handler and turns failures into statuses: <see cref="RpcException"/> passes through,
/// <see cref="QueryParameterException"/> → <c>InvalidArgument</c> with its message, a cancelled call → <c>Cancelled</c>,
/// anything else → <c>Internal</c> with the exception message (logged). Never an <c>Unknown</c> status without text.
/// </summary>
internal sealed partial class GrpcCalls(ILogger logger)
{
    public async Task<T> Run<T>(ServerCallContext context, Func<Task<T>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(context, ex);
        }
    }

    public async Task Run(ServerCallContext context, Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Translate(context, ex);
        }
    }

    private RpcException Translate(ServerCallContext context, Exception ex)
    {
        switch (ex)
        {
            case QueryParameterException:
                return new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            default:
                LogCallFailed(logger, context.Method, ex);
                return new RpcException(new Status(StatusCode.Internal, ex.Message));
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "gRPC query call {Method} failed")]
    private static partial void LogCallFailed(ILogger logger, string method, Exception exception);
}
