using TraceBackend.Query.Parsing;

namespace TraceBackend.Query.Tests.Parsing;

public sealed class GoStrconvTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("FALSE", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void ParseBool_accepts_go_set(string text, bool expected)
    {
        Assert.True(GoStrconv.TryParseBool(text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("tRUE")]
    [InlineData("")]
    [InlineData(" true")]
    [InlineData("2")]
    [InlineData("on")]
    public void ParseBool_rejects_everything_else(string text)
    {
        Assert.False(GoStrconv.TryParseBool(text, out _, out var error));
        Assert.Equal($"strconv.ParseBool: parsing \"{text}\": invalid syntax", error);
    }

    [Theory]
    [InlineData("0", 64, 0L)]
    [InlineData("+17", 64, 17L)]
    [InlineData("-17", 64, -17L)]
    [InlineData("1718000000000000", 64, 1718000000000000L)]
    [InlineData("9223372036854775807", 64, long.MaxValue)]
    [InlineData("-9223372036854775808", 64, long.MinValue)]
    [InlineData("2147483647", 32, int.MaxValue)]
    [InlineData("-2147483648", 32, int.MinValue)]
    [InlineData("007", 32, 7L)]
    public void ParseInt_accepts(string text, int bits, long expected)
    {
        Assert.True(GoStrconv.TryParseInt(text, bits, out var value, out var error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("", 64, "strconv.ParseInt: parsing \"\": invalid syntax")]
    [InlineData("abc", 64, "strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("1.5", 64, "strconv.ParseInt: parsing \"1.5\": invalid syntax")]
    [InlineData("1_000", 64, "strconv.ParseInt: parsing \"1_000\": invalid syntax")]
    [InlineData("-", 64, "strconv.ParseInt: parsing \"-\": invalid syntax")]
    [InlineData("9223372036854775808", 64, "strconv.ParseInt: parsing \"9223372036854775808\": value out of range")]
    [InlineData("99999999999999999999999", 64, "strconv.ParseInt: parsing \"99999999999999999999999\": value out of range")]
    [InlineData("2147483648", 32, "strconv.ParseInt: parsing \"2147483648\": value out of range")]
    [InlineData("say \"hi\"", 64, "strconv.ParseInt: parsing \"say \\\"hi\\\"\": invalid syntax")]
    public void ParseInt_rejects_with_go_messages(string text, int bits, string message)
    {
        Assert.False(GoStrconv.TryParseInt(text, bits, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void ParseInt_can_name_atoi()
    {
        Assert.False(GoStrconv.TryParseInt("x", 64, out _, out var error, "strconv.Atoi"));
        Assert.Equal("strconv.Atoi: parsing \"x\": invalid syntax", error);
    }
}
