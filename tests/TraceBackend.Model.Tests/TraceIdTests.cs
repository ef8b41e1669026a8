using TraceBackend.Model;

namespace TraceBackend.Model.Tests;

public class TraceIdTests
{
    [Theory]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", 0x4bf92f3577b34da6UL, 0xa3ce929d0e0e4736UL)]
    [InlineData("4BF92F3577B34DA6A3CE929D0E0E4736", 0x4bf92f3577b34da6UL, 0xa3ce929d0e0e4736UL)]
    [InlineData("00f067aa0ba902b7", 0UL, 0x00f067aa0ba902b7UL)]
    [InlineData("f067aa0ba902b7", 0UL, 0x00f067aa0ba902b7UL)]
    [InlineData("1a3ce929d0e0e4736", 1UL, 0xa3ce929d0e0e4736UL)]
    public void Parses_hex_of_any_length_up_to_32(string text, ulong high, ulong low)
    {
        Assert.True(TraceId.TryParse(text, out var id));
        Assert.Equal(high, id.High);
        Assert.Equal(low, id.Low);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e47361")]
    [InlineData("xyz!")]
    public void Rejects_invalid_or_zero_ids(string text) => Assert.False(TraceId.TryParse(text, out _));

    [Fact]
    public void Accepts_base64_of_16_bytes_standard_and_url_safe()
    {
        var id = new TraceId(0xfbf92f3577b34da6UL, 0xa3ce929d0e0e47ffUL);
        var standard = Convert.ToBase64String(id.ToBytes());
        var urlSafe = standard.Replace('+', '-').Replace('/', '_').TrimEnd('=');
        Assert.True(TraceId.TryParse(standard, out var a));
        Assert.True(TraceId.TryParse(urlSafe, out var b));
        Assert.Equal(id, a);
        Assert.Equal(id, b);
    }

    [Fact]
    public void Jaeger_rendering_keeps_leading_zeros_and_uses_16_digits_for_64_bit_ids()
    {
        Assert.Equal("00f067aa0ba902b7", new TraceId(0, 0x00f067aa0ba902b7UL).ToJaegerString());
        Assert.Equal("000000000000000100f067aa0ba902b7", new TraceId(1, 0x00f067aa0ba902b7UL).ToJaegerString());
        Assert.Equal("000000000000000000f067aa0ba902b7", new TraceId(0, 0x00f067aa0ba902b7UL).ToHex32());
    }

    [Fact]
    public void Bytes_round_trip_big_endian()
    {
        var id = new TraceId(0x0102030405060708UL, 0x090a0b0c0d0e0f10UL);
        var bytes = id.ToBytes();
        Assert.Equal(1, bytes[0]);
        Assert.Equal(0x10, bytes[15]);
        Assert.True(TraceId.TryFromBytes(bytes, out var back));
        Assert.Equal(id, back);
        Assert.True(TraceId.TryFromBytes(bytes.AsSpan(8), out var low));
        Assert.Equal(new TraceId(0, 0x090a0b0c0d0e0f10UL), low);
        Assert.False(TraceId.TryFromBytes(bytes.AsSpan(3), out _));
    }

    [Fact]
    public void Span_ids_are_16_hex_digits()
    {
        Assert.Equal("00000000000000ab", new SpanId(0xab).ToHex());
        Assert.True(SpanId.TryParse("AB", out var id));
        Assert.Equal(0xabUL, id.Value);
        Assert.False(SpanId.TryParse("00000000000000abc", out _));
    }
}
