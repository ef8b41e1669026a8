using TraceBackend.Model;

namespace TraceBackend.Storage;

/// <summary>Writes spans to a store.</summary>
public interface ITraceWriter
{
    /// <summary>
    /// Stores a batch of spans, possibly of many traces. Contract:
    /// <list type="bullet">
    /// <item>Idempotent: a span whose <see cref="Span.Key"/> is already stored for its trace is stored once
    /// (a client retry never duplicates spans).</item>
    /// <item>When the returned task completes successfully every span of the batch is readable, and (for a
    /// durable store) durable; when it fails, the caller must assume none was stored and may retry.</item>
    /// <item>The store may keep references to the spans (they are immutable) but not to the list.</item>
    /// <item>Safe to call concurrently with other writes and with reads.</item>
    /// </list>
    /// </summary>
    ValueTask WriteAsync(IReadOnlyList<Span> spans, CancellationToken cancellationToken = default);
}
