namespace TraceBackend.Query.Tests.Support;

/// <summary>A response body that keeps everything written and records the body length at each flush.</summary>
internal sealed class FlushRecordingStream : MemoryStream
{
    public List<long> FlushLengths { get; } = [];

    public override void Flush()
    {
        FlushLengths.Add(Length);
        base.Flush();
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        FlushLengths.Add(Length);
        return base.FlushAsync(cancellationToken);
    }
}
