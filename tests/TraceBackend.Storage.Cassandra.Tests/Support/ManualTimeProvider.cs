namespace TraceBackend.Storage.Cassandra.Tests.Support;

/// <summary>A clock the test moves by hand (timers and timestamps stay real: only <see cref="GetUtcNow"/> is faked).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
