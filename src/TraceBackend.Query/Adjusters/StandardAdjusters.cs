using TraceBackend.Model;

namespace TraceBackend.Query.Adjusters;

/// <summary>Jaeger's standard adjuster chain, in Jaeger's order (applied unless <c>raw=true</c>).</summary>
public sealed class StandardAdjusters : ITraceAdjuster
{
    public static StandardAdjusters Instance { get; } = new();

    private static readonly ITraceAdjuster[] s_chain =
    [
        new DeduplicateClientServerSpanIds(),
        new SortCollections(),
        new DeduplicateSpans(),
        new CorrectClockSkew(),
        new NormalizeIpAttributes(),
        new MoveLibraryAttributes(),
        new RemoveEmptySpanLinks(),
    ];

    public Trace Adjust(Trace trace)
    {
        foreach (var adjuster in s_chain)
        {
            trace = adjuster.Adjust(trace);
        }

        return trace;
    }
}
