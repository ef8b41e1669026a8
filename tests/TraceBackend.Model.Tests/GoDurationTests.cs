namespace TraceBackend.Model.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("+0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("5s", 5_000_000_000L)]
    [InlineData("30s", 30_000_000_000L)]
    [InlineData("1478s", 1_478_000_000_000L)]
    [InlineData("-5s", -5_000_000_000L)]
    [InlineData("+5s", 5_000_000_000L)]
    [InlineData("-0s", 0L)]
    [InlineData("5.0s", 5_000_000_000L)]
    [InlineData("5.6s", 5_600_000_000L)]
    [InlineData("5.s", 5_000_000_000L)]
    [InlineData(".5s", 500_000_000L)]
    [InlineData("1.0s", 1_000_000_000L)]
    [InlineData("1.00s", 1_000_000_000L)]
    [InlineData("1.004s", 1_004_000_000L)]
    [InlineData("1.0040s", 1_004_000_000L)]
    [InlineData("100.00100s", 100_001_000_000L)]
    [InlineData("10ns", 10L)]
    [InlineData("11us", 11_000L)]
    [InlineData("12\u00b5s", 12_000L)]
    [InlineData("12\u03bcs", 12_000L)]
    [InlineData("13ms", 13_000_000L)]
    [InlineData("14s", 14_000_000_000L)]
    [InlineData("15m", 900_000_000_000L)]
    [InlineData("16h", 57_600_000_000_000L)]
    [InlineData("3h30m", 12_600_000_000_000L)]
    [InlineData("10.5s4m", 250_500_000_000L)]
    [InlineData("-2m3.4s", -123_400_000_000L)]
    [InlineData("1h2m3s4ms5us6ns", 3_723_004_005_006L)]
    [InlineData("39h9m14.425s", 140_954_425_000_000L)]
    [InlineData("52763797000ns", 52_763_797_000L)]
    [InlineData("0.3333333333333333333h", 1_200_000_000_000L)]
    [InlineData("9007199254740993ns", 9_007_199_254_740_993L)]
    [InlineData("9223372036854775807ns", long.MaxValue)]
    [InlineData("9223372036.854775807s", long.MaxValue)]
    [InlineData("-9223372036854775808ns", long.MinValue)]
    [InlineData("-9223372036.854775808s", long.MinValue)]
    [InlineData("0.100000000000000000000h", 360_000_000_000L)]
    [InlineData("0.830103483285477580700h", 2_988_372_539_827L)]
    [InlineData("250ms", 250_000_000L)]
    [InlineData("1.5s", 1_500_000_000L)]
    [InlineData("300us", 300_000L)]
    public void Parses_like_go(string text, long expected)
    {
        Assert.True(GoDuration.TryParse(text, out var nanos, out var error), error);
        Assert.Equal(expected, nanos);
        Assert.Equal(expected, GoDuration.Parse(text));
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("3", "time: missing unit in duration \"3\"")]
    [InlineData("-", "time: invalid duration \"-\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    [InlineData(".", "time: invalid duration \".\"")]
    [InlineData("-.", "time: invalid duration \"-.\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("+.s", "time: invalid duration \"+.s\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("x", "time: invalid duration \"x\"")]
    [InlineData("1.5", "time: missing unit in duration \"1.5\"")]
    [InlineData("00", "time: missing unit in duration \"00\"")]
    [InlineData("1s 2m", "time: unknown unit \"s \" in duration \"1s 2m\"")]
    [InlineData(" 1s", "time: invalid duration \" 1s\"")]
    [InlineData("1S", "time: unknown unit \"S\" in duration \"1S\"")]
    [InlineData("3000000h", "time: invalid duration \"3000000h\"")]
    [InlineData("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"")]
    [InlineData("9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\"")]
    [InlineData("9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\"")]
    [InlineData("-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\"")]
    [InlineData("1\u00b5", "time: unknown unit \"\\xc2\\xb5\" in duration \"1\\xc2\\xb5\"")]
    public void Rejects_with_go_messages(string text, string message)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
        Assert.Equal(message, Assert.Throws<FormatException>(() => GoDuration.Parse(text)).Message);
    }

    [Fact]
    public void ToTimeSpan_truncates_to_ticks()
    {
        Assert.Equal(TimeSpan.FromTicks(15), GoDuration.ToTimeSpan(1_599));
        Assert.Equal(TimeSpan.FromMilliseconds(-250), GoDuration.ToTimeSpan(-250_000_000));
    }
}
