using TraceBackend.Storage.Cassandra.Internal;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

/// <summary>Expected strings are what Go's <c>strconv.FormatFloat(f, 'g', 10, 64)</c> prints.</summary>
public sealed class GoFloatFormatTests
{
    [Theory]
    [InlineData(1e21, "1e+21")]
    [InlineData(0.1, "0.1")]
    [InlineData(123.456, "123.456")]
    [InlineData(1.234567891e-05, "1.234567891e-05")]
    [InlineData(0.0, "0")]
    [InlineData(100.0, "100")]
    [InlineData(1e10, "1e+10")]
    [InlineData(1234567890.0, "1234567890")]
    [InlineData(12345678901.0, "1.23456789e+10")]
    [InlineData(123456789012.0, "1.23456789e+11")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.25, "0.25")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(5e-324, "4.940656458e-324")]
    [InlineData(1.7976931348623157e308, "1.797693135e+308")]
    [InlineData(9999999999.5, "1e+10")]
    [InlineData(0.99999999999, "1")]
    [InlineData(123.4567890123, "123.456789")]
    public void Formats_like_Go_g_with_ten_digits(double value, string expected) =>
        Assert.Equal(expected, GoFloatFormat.FormatG(value, 10));

    [Fact]
    public void Exact_ties_round_half_to_even_and_specials_have_Go_names()
    {
        // 1234567890.5 and 1234567891.5 are exact doubles: the 11th digit is an exact 5.
        Assert.Equal("1234567890", GoFloatFormat.FormatG(1234567890.5, 10));
        Assert.Equal("1234567892", GoFloatFormat.FormatG(1234567891.5, 10));
        Assert.Equal("0.12", GoFloatFormat.FormatG(0.125, 2));
        Assert.Equal("0.38", GoFloatFormat.FormatG(0.375, 2));
        Assert.Equal("-0", GoFloatFormat.FormatG(-0.0, 10));
        Assert.Equal("NaN", GoFloatFormat.FormatG(double.NaN, 10));
        Assert.Equal("+Inf", GoFloatFormat.FormatG(double.PositiveInfinity, 10));
        Assert.Equal("-Inf", GoFloatFormat.FormatG(double.NegativeInfinity, 10));
    }
}
