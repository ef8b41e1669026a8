using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

public sealed class DurationBucketsTests
{
    private static readonly DateTimeOffset s_ten = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0, 0, 10)]
    [InlineData(29, 59, 999_999, 10)]
    [InlineData(30, 0, 0, 11)]
    [InlineData(30, 0, 1, 11)]
    [InlineData(59, 59, 999_999, 11)]
    public void Start_times_round_to_the_nearest_hour_ties_up(int minutes, int seconds, int micros, int expectedHour)
    {
        var start = DurationBuckets.ToMicros(s_ten.AddMinutes(minutes).AddSeconds(seconds)) + micros;

        Assert.Equal(s_ten.AddHours(expectedHour - 10), DurationBuckets.BucketOf(start));
    }

    [Fact]
    public void A_bucket_holds_starts_from_half_an_hour_before_it()
    {
        var bucket = DurationBuckets.ToMicros(s_ten);

        Assert.Equal(DurationBuckets.ToMicros(s_ten.AddMinutes(-30)), DurationBuckets.FirstStartOf(bucket));
        Assert.Equal(bucket, DurationBuckets.RoundToHour(DurationBuckets.FirstStartOf(bucket)));
        Assert.Equal(bucket - DurationBuckets.HourMicros, DurationBuckets.RoundToHour(DurationBuckets.FirstStartOf(bucket) - 1));
    }
}
