namespace TraceBackend.Storage.Elasticsearch.Tests.Support;

/// <summary>A clock whose "now" is fixed (timers and timestamps stay real), so index names are predictable.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
