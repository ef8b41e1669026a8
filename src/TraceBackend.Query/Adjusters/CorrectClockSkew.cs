using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>
/// Clock-skew correction. Jaeger v2's default maximum adjustment is 0 (disabled); TraceBackend keeps it disabled,
/// so this adjuster deliberately returns the trace unchanged and adds no warnings.
/// </summary>
public sealed class CorrectClockSkew : ITraceAdjuster
{
    public Trace Adjust(Trace trace) => trace;
}
