using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>
/// A query-time trace transformation (§1.7). Returns the adjusted trace (or the input itself when nothing
/// changed); never mutates the input trace or its spans, resources or scopes.
/// </summary>
public interface ITraceAdjuster
{
    Trace Adjust(Trace trace);
}
