using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Tests.Support;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

public sealed class WriteCacheTests
{
    [Fact]
    public void Entries_expire_after_the_ttl_and_the_least_recently_used_is_evicted()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = new WriteCache<string>(capacity: 2, TimeSpan.FromHours(12), time);

        cache.Add("a");
        cache.Add("b");
        Assert.True(cache.Contains("a")); // a is now the most recently used
        cache.Add("c");

        Assert.True(cache.Contains("a"));
        Assert.False(cache.Contains("b"));
        Assert.True(cache.Contains("c"));
        Assert.Equal(2, cache.Count);

        time.Advance(TimeSpan.FromHours(12));
        Assert.False(cache.Contains("a"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_zero_ttl_disables_the_cache()
    {
        var cache = new WriteCache<string>(10, TimeSpan.Zero, TimeProvider.System);

        cache.Add("a");

        Assert.False(cache.Contains("a"));
        Assert.Equal(0, cache.Count);
    }
}
