using TraceBackend.LoadGen.Cli;
using TraceBackend.LoadGen.Sending;

namespace TraceBackend.LoadGen.Tests;

public sealed class LoadGenOptionsParserTests
{
    private static LoadGenOptions Parse(params string[] args)
    {
        Assert.True(LoadGenOptionsParser.TryParse(args, out var options, out var error), error);
        return options;
    }

    [Fact]
    public void DefaultsMatchTheDocumentedValues()
    {
        var o = Parse();
        Assert.Equal(new Uri("http://127.0.0.1:4317"), o.GrpcEndpoint);
        Assert.Null(o.HttpEndpoint);
        Assert.Equal(OtlpEncoding.Protobuf, o.Encoding);
        Assert.Equal(0, o.Rate);
        Assert.Equal(TimeSpan.FromSeconds(10), o.Duration);
        Assert.Null(o.Traces);
        Assert.Equal(4, o.Workers);
        Assert.Equal(500, o.BatchSpans);
        Assert.Equal(0.05, o.ErrorRatio);
        Assert.Equal(0.01, o.LargeTraceRatio);
        Assert.Null(o.AckLogPath);
        Assert.False(o.SeedGiven);
    }

    [Fact]
    public void ParsesEveryFlagInBothSyntaxes()
    {
        var o = Parse(
            "--otlp-http", "http://127.0.0.1:4318/v1/traces", "--encoding=json", "--rate", "2500.5", "--duration=1m30s",
            "--traces", "100", "--workers", "8", "--batch-spans=200", "--seed", "18446744073709551615",
            "--error-ratio", "0.1", "--large-trace-ratio=0", "--ack-log", "/tmp/acks.log", "--timeout", "750ms", "--max-retries", "0");
        Assert.Null(o.GrpcEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/traces"), o.HttpEndpoint);
        Assert.Equal(OtlpEncoding.Json, o.Encoding);
        Assert.Equal(2500.5, o.Rate);
        Assert.Equal(TimeSpan.FromSeconds(90), o.Duration);
        Assert.Equal(100, o.Traces);
        Assert.Equal(8, o.Workers);
        Assert.Equal(200, o.BatchSpans);
        Assert.Equal(ulong.MaxValue, o.Seed);
        Assert.True(o.SeedGiven);
        Assert.Equal(0.1, o.ErrorRatio);
        Assert.Equal(0, o.LargeTraceRatio);
        Assert.Equal("/tmp/acks.log", o.AckLogPath);
        Assert.Equal(TimeSpan.FromMilliseconds(750), o.RequestTimeout);
        Assert.Equal(0, o.MaxRetries);
    }

    [Fact]
    public void TracesAloneRemovesTheDefaultDuration()
    {
        var o = Parse("--traces", "5");
        Assert.Null(o.Duration);
        Assert.Equal(5, o.Traces);
    }

    [Theory]
    [InlineData("localhost:4317", "http://localhost:4317/")]
    [InlineData("10.0.0.1:80", "http://10.0.0.1/")]
    [InlineData("[::1]:4317", "http://[::1]:4317/")]
    [InlineData("http://collector:4317", "http://collector:4317/")]
    public void GrpcTargets(string text, string expected) =>
        Assert.Equal(new Uri(expected), Parse("--otlp-grpc", text).GrpcEndpoint);

    [Fact]
    public void BareHttpBaseUrlGetsTheTracesPath() =>
        Assert.Equal(new Uri("http://h:4318/v1/traces"), Parse("--otlp-http", "http://h:4318").HttpEndpoint);

    [Theory]
    [InlineData("--bogus", "--bogus", "1")]
    [InlineData("--rate", "--rate", "fast")]
    [InlineData("--rate", "--rate", "-1")]
    [InlineData("--duration", "--duration", "30")]
    [InlineData("--duration", "--duration", "0s")]
    [InlineData("--duration", "--duration", "5 minutes")]
    [InlineData("--traces", "--traces", "0")]
    [InlineData("--workers", "--workers", "x")]
    [InlineData("--batch-spans", "--batch-spans", "0")]
    [InlineData("--seed", "--seed", "-3")]
    [InlineData("--error-ratio", "--error-ratio", "1.5")]
    [InlineData("--large-trace-ratio", "--large-trace-ratio", "NaN")]
    [InlineData("--otlp-grpc", "--otlp-grpc", "justahost")]
    [InlineData("--otlp-http", "--otlp-http", "ftp://x/v1/traces")]
    [InlineData("--timeout", "--timeout", "-1s")]
    [InlineData("--max-retries", "--max-retries", "1000")]
    public void BadValuesFailWithOneLineNamingTheFlag(string flag, string expectedInMessage, string value)
    {
        Assert.False(LoadGenOptionsParser.TryParse([flag, value], out _, out var error));
        Assert.Contains(expectedInMessage, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("--otlp-grpc", new[] { "--otlp-grpc", "a:1", "--otlp-http", "http://a/v1/traces" })]
    [InlineData("--encoding", new[] { "--encoding", "json" })]
    [InlineData("--encoding", new[] { "--otlp-http", "http://a/v1/traces", "--encoding", "xml" })]
    [InlineData("--rate", new[] { "--rate" })]
    [InlineData("--workers", new[] { "--workers", "2", "--workers", "3" })]
    [InlineData("stray", new[] { "stray" })]
    public void InvalidCombinationsFail(string expectedInMessage, string[] args)
    {
        Assert.False(LoadGenOptionsParser.TryParse(args, out _, out var error));
        Assert.Contains(expectedInMessage, error, StringComparison.Ordinal);
    }

}
