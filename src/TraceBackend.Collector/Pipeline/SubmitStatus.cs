namespace TraceBackend.Collector.Pipeline;

/// <summary>Answer of <see cref="IngestPipeline.TrySubmit"/>.</summary>
public enum SubmitStatus
{
    Accepted = 0,
    QueueFull = 1,
    ShuttingDown = 2,
}
