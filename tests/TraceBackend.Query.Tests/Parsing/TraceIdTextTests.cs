using TraceBackend.Model;
using TraceBackend.Query.Parsing;

namespace TraceBackend.Query.Tests.Parsing;

public sealed class TraceIdTextTests
{
    [Theory]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", 0x4bf92f3577b34da6UL, 0xa3ce929d0e0e4736UL)]
    [InlineData("4BF92F3577B34DA6A3CE929D0E0E4736", 0x4bf92f3577b34da6UL, 0xa3ce929d0e0e4736UL)]
    [InlineData("00f067aa0ba902b7", 0UL, 0x00f067aa0ba902b7UL)]
    [InlineData("f067aa0ba902b7", 0UL, 0x00f067aa0ba902b7UL)]
    [InlineData("1", 0UL, 1UL)]
    [InlineData("10000000000000001", 1UL, 1UL)]
    [InlineData("0000000000000000a3ce929d0e0e4736", 0UL, 0xa3ce929d0e0e4736UL)]
    public void Parses_hex_forms(string text, ulong high, ulong low)
    {
        Assert.Equal(new TraceId(high, low), TraceIdText.Parse(text));
    }

    [Fact]
    public void Parses_base64_form()
    {
        var id = new TraceId(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736);
        var base64 = Convert.ToBase64String(id.ToBytes()).TrimEnd('=');
        Assert.Equal(id, TraceIdText.Parse(base64));
    }

    [Fact]
    public void All_zero_hex_is_empty_not_an_error()
    {
        Assert.True(TraceIdText.Parse("0").IsEmpty);
        Assert.True(TraceIdText.Parse("00000000000000000000000000000000").IsEmpty);
    }

    [Theory]
    [InlineData("xyz!", "strconv.ParseUint: parsing \"xyz!\": invalid syntax")]
    [InlineData("", "strconv.ParseUint: parsing \"\": invalid syntax")]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e47361", "TraceID cannot be longer than 32 hex characters: 4bf92f3577b34da6a3ce929d0e0e47361")]
    public void Rejects_with_message_and_prefix(string text, string message)
    {
        var ex = Assert.Throws<QueryParameterException>(() => TraceIdText.Parse(text, "unable to parse param 'traceID': "));
        Assert.Equal("unable to parse param 'traceID': " + message, ex.Message);
    }
}
