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
}
