using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>
/// Lists the traces with spans in a time range, for background jobs (the dependencies job) that must visit every
/// trace of a period rather than the newest matches of a search.
/// </summary>
public interface ITraceScanner
{
    /// <summary>
    /// Yields the ID of every trace with at least one span starting in [<paramref name="start"/>,
    /// <paramref name="end"/>) (start inclusive, end exclusive). Each ID at least once; duplicates are allowed
    /// (callers de-duplicate); order not significant. Results are streamed so a large period needs no large buffer.
    /// </summary>
    IAsyncEnumerable<TraceId> ScanTraceIdsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default);
}
