using Google.Protobuf;
using OpenTelemetry.Proto.Trace.V1;

namespace TraceBackend.LoadGen.Generation;

/// <summary>
/// One generated trace: its spans grouped by reporting service instance (one <see cref="ResourceSpans"/>
/// per instance, one <see cref="ScopeSpans"/> each). The messages are owned by the caller; the
/// <c>Resource</c> and <c>Scope</c> inside are shared with other traces and must not be mutated.
/// </summary>
public sealed class GeneratedTrace
{
    internal GeneratedTrace(ByteString traceId, int spanCount, bool isLarge, IReadOnlyList<ResourceSpans> resourceSpans)
    {
        TraceIdBytes = traceId;
        TraceId = Convert.ToHexStringLower(traceId.Span);
        SpanCount = spanCount;
        IsLarge = isLarge;
        ResourceSpans = resourceSpans;
    }

    /// <summary>32 lower-case hex digits.</summary>
    public string TraceId { get; }

    public ByteString TraceIdBytes { get; }

    public int SpanCount { get; }

    /// <summary>True for a batch-dispatch fan-out (see <see cref="HotRodGeneratorOptions.LargeTraceRatio"/>).</summary>
    public bool IsLarge { get; }

    public IReadOnlyList<ResourceSpans> ResourceSpans { get; }
}
