using Microsoft.Extensions.Logging;

namespace TraceBackend.Query;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Query API request {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string path, Exception exception);
}
