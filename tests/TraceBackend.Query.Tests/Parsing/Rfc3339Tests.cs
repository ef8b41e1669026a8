using TraceBackend.Query.Parsing;

namespace TraceBackend.Query.Tests.Parsing;

public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("2024-06-10T06:13:20Z", 1_718_000_000_000_000_000L)]
    [InlineData("2024-06-10T06:13:20.123456789Z", 1_718_000_000_123_456_789L)]
    [InlineData("2024-06-10T06:13:20.5Z", 1_718_000_000_500_000_000L)]
    [InlineData("2024-06-10T06:13:20.1234567891234Z", 1_718_000_000_123_456_789L)]
    [InlineData("2024-06-10T08:13:20+02:00", 1_718_000_000_000_000_000L)]
    [InlineData("2024-06-10T08:13:20 02:00", 1_718_000_000_000_000_000L)]
    [InlineData("2024-06-10T01:13:20-05:00", 1_718_000_000_000_000_000L)]
    [InlineData("1970-01-01T00:00:00Z", 0L)]
    [InlineData("1969-12-31T23:59:59Z", -1_000_000_000L)]
    public void Parses(string text, long expectedNanos)
    {
        Assert.True(Rfc3339.TryParse(text, out long nanos, out var error), error);
        Assert.Equal(expectedNanos, nanos);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-06-10")]
    [InlineData("2024-06-10T06:13:20")]
    [InlineData("2024-06-10 06:13:20Z")]
    [InlineData("2024-06-10t06:13:20Z")]
    [InlineData("2024-13-10T06:13:20Z")]
    [InlineData("2023-02-29T06:13:20Z")]
    [InlineData("2024-06-10T24:00:00Z")]
    [InlineData("2024-06-10T06:13:20.Z")]
    [InlineData("2024-06-10T06:13:20+0200")]
    [InlineData("1718000000")]
    public void Rejects(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out long _, out var error));
        Assert.StartsWith("parsing time \"" + text + "\"", error);
    }

    [Fact]
    public void DateTimeOffset_overload_is_utc()
    {
        Assert.True(Rfc3339.TryParse("2024-06-10T08:13:20.0000001+02:00", out DateTimeOffset value, out _));
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(new DateTimeOffset(2024, 6, 10, 6, 13, 20, TimeSpan.Zero).AddTicks(1), value);
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z", 3_155_378_975_990_000_000L)]
    [InlineData("9999-12-31T23:59:59.9999999Z", 3_155_378_975_999_999_999L)]
    [InlineData("2262-04-12T00:00:00Z", 713_589_696_000_000_000L)]
    [InlineData("3000-01-01T00:00:00+05:30", 946_392_570_000_000_000L)]
    [InlineData("0001-01-01T00:00:00Z", 0L)]
    [InlineData("1500-06-15T12:00:00.25Z", 473_181_264_002_500_000L)]
    public void Far_future_and_far_past_times_parse_without_wrapping(string text, long ticks)
    {
        Assert.True(Rfc3339.TryParse(text, out DateTimeOffset value, out var error), error);
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(ticks, value.UtcTicks);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+01:00", false)]
    [InlineData("0001-01-01T00:59:59.9999999+01:00", false)]
    [InlineData("9999-12-31T23:59:59-05:00", true)]
    [InlineData("9999-12-31T20:00:00.123456789-14:00", true)]
    public void Instants_beyond_the_DateTimeOffset_range_are_clamped(string text, bool max)
    {
        Assert.True(Rfc3339.TryParse(text, out DateTimeOffset value, out var error), error);
        Assert.Equal(max ? DateTimeOffset.MaxValue : DateTimeOffset.MinValue, value);
    }

    [Fact]
    public void Sub_tick_fractions_before_1970_round_down()
    {
        Assert.True(Rfc3339.TryParse("1969-12-31T23:59:59.99999995Z", out DateTimeOffset value, out _));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(-1), value);
    }

    [Theory]
    [InlineData("2262-04-11T23:47:16.854775807Z", long.MaxValue)]
    [InlineData("1677-09-21T00:12:43.145224192Z", long.MinValue)]
    [InlineData("2262-04-12T01:47:16.854775807+02:00", long.MaxValue)]
    public void Nanoseconds_at_the_edges_of_the_long_range(string text, long expected)
    {
        Assert.True(Rfc3339.TryParse(text, out long nanos, out var error), error);
        Assert.Equal(expected, nanos);
    }

    [Theory]
    [InlineData("2262-04-11T23:47:16.854775808Z")]
    [InlineData("1677-09-21T00:12:43.145224191Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void Nanoseconds_outside_the_long_range_are_an_error_not_a_wrap(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out long _, out var error));
        Assert.Equal("parsing time \"" + text + "\": out of range for Unix nanoseconds (years 1677-2262)", error);
    }
}
