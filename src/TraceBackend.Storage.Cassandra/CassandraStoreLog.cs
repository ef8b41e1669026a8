using Microsoft.Extensions.Logging;

namespace TraceBackend.Storage.Cassandra;

internal static partial class CassandraStoreLog
{
    [LoggerMessage(80, LogLevel.Debug, "Cassandra request on {Table} failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void RequestRetried(ILogger logger, string table, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(81, LogLevel.Warning, "Cassandra request on {Table} failed after {Attempt} attempts in {Elapsed}; giving up")]
    public static partial void RequestFailed(ILogger logger, string table, int attempt, TimeSpan elapsed, Exception exception);

    [LoggerMessage(83, LogLevel.Information, "Search stopped at its budget ({IndexRows} index rows, {Traces} traces loaded) with {Found} of {Wanted} traces; older matches may exist")]
    public static partial void SearchBudgetExhausted(ILogger logger, int indexRows, int traces, int found, int wanted);
}
