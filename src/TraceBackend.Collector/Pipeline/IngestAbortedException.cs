namespace TraceBackend.Collector.Pipeline;

/// <summary>Faults the tasks of accepted spans that were never written because the host aborted the drain.</summary>
public sealed class IngestAbortedException : Exception
{
    public IngestAbortedException()
        : base("the collector stopped before these spans were written")
    {
    }
}
