using System.Net;
using TraceBackend.Host.Options;

namespace TraceBackend.Host.Tests;

public class OptionsParserTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var o = OptionsParser.Parse([]);
        Assert.Equal(Role.AllInOne, o.Role);
        Assert.Equal("embedded", o.Storage);
        Assert.Equal("./data", o.StoragePath);
        Assert.Equal(100_000, o.MemoryMaxTraces);
        Assert.Equal(new ListenAddress(IPAddress.Any, 4317), o.OtlpGrpc);
        Assert.Equal(new ListenAddress(IPAddress.Any, 4318), o.OtlpHttp);
        Assert.Equal(new ListenAddress(IPAddress.Any, 16686), o.QueryHttp);
        Assert.Equal(new ListenAddress(IPAddress.Any, 8888), o.AdminHttp);
        Assert.Equal(4 * 1024 * 1024, o.OtlpGrpcMaxRecvBytes);
        Assert.Equal(8 * 1024 * 1024, o.OtlpHttpMaxBodyBytes);
        Assert.Null(o.UiPath);
    }

    [Fact]
    public void Role_and_flags_in_both_spellings()
    {
        var o = OptionsParser.Parse(["collector", "--memory-max-traces", "42", "--otlp-http=127.0.0.1:0", "--query-base-path", "/jaeger"]);
        Assert.Equal(Role.Collector, o.Role);
        Assert.True(o.RunsCollector);
        Assert.False(o.RunsQuery);
        Assert.Equal(42, o.MemoryMaxTraces);
        Assert.Equal(new ListenAddress(IPAddress.Loopback, 0), o.OtlpHttp);
        Assert.Equal("/jaeger", o.QueryBasePath);
    }

    [Fact]
    public void Command_line_beats_environment_beats_settings_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tb-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "TraceBackend": { "memory-max-traces": 10, "ingest-queue-spans": 11, "log-level": "Debug", "role": "query" } }""");
        try
        {
            var env = new Dictionary<string, string?> { ["TRACEBACKEND_MEMORY_MAX_TRACES"] = "20", ["TRACEBACKEND_INGEST_BATCH_SPANS"] = "7" };
            var o = OptionsParser.Parse(["--memory-max-traces", "30"], env, file);
            Assert.Equal(30, o.MemoryMaxTraces);
            Assert.Equal(11, o.IngestQueueSpans);
            Assert.Equal(7, o.IngestBatchSpans);
            Assert.Equal("Debug", o.LogLevel);
            Assert.Equal(Role.Query, o.Role);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new[] { "--nope", "1" }, "unknown flag --nope")]
    [InlineData(new[] { "--memory-max-traces", "0" }, "--memory-max-traces: '0' is not a positive integer")]
    [InlineData(new[] { "--memory-max-traces" }, "flag --memory-max-traces needs a value")]
    [InlineData(new[] { "--storage", "mongo" }, "--storage: unknown value 'mongo'")]
    [InlineData(new[] { "--otlp-grpc", "4317" }, "--otlp-grpc: expected HOST:PORT")]
    [InlineData(new[] { "--query-http", ":99999" }, "--query-http: invalid port '99999'")]
    [InlineData(new[] { "--query-base-path", "jaeger/" }, "--query-base-path: 'jaeger/' must start with '/'")]
    [InlineData(new[] { "--ui-path", "/does/not/exist" }, "--ui-path: directory '/does/not/exist' does not exist")]
    [InlineData(new[] { "ingester" }, "unknown role 'ingester'")]
    [InlineData(new[] { "--log-level", "loud" }, "--log-level: unknown value 'loud'")]
    public void Bad_input_names_the_flag(string[] args, string message)
    {
        var e = Assert.Throws<OptionsException>(() => OptionsParser.Parse(args));
        Assert.StartsWith(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Bad_environment_value_names_the_variable()
    {
        var env = new Dictionary<string, string?> { ["TRACEBACKEND_MEMORY_MAX_TRACES"] = "lots" };
        var e = Assert.Throws<OptionsException>(() => OptionsParser.Parse([], env));
        Assert.StartsWith("TRACEBACKEND_MEMORY_MAX_TRACES:", e.Message);
    }

    [Fact]
    public void Unknown_setting_in_file_is_refused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tb-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "TraceBackend": { "memory-max-trace": 10 } }""");
        try
        {
            var e = Assert.Throws<OptionsException>(() => OptionsParser.Parse([], null, file));
            Assert.Contains("unknown setting \"memory-max-trace\"", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(":4317", "0.0.0.0", 4317)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("localhost:16686", "127.0.0.1", 16686)]
    [InlineData("[::1]:8888", "::1", 8888)]
    [InlineData("[::]:4318", "::", 4318)]
    public void Listen_addresses(string text, string ip, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(IPAddress.Parse(ip), address!.Address);
        Assert.Equal(port, address.Port);
    }

    [Fact]
    public void Help_lists_every_flag()
    {
        var help = OptionsParser.HelpText();
        foreach (var flag in new[] { "--storage", "--storage-path", "--wal-sync", "--retention", "--storage-trace-idle-period", "--storage-max-head-spans", "--memory-max-traces", "--otlp-grpc", "--otlp-http", "--query-http", "--admin-http", "--jaeger-grpc", "--jaeger-grpc-enabled", "--zipkin", "--zipkin-enabled", "--jaeger-thrift-http", "--jaeger-thrift-http-enabled", "--jaeger-agent-compact", "--jaeger-agent-binary", "--jaeger-agent-enabled", "--jaeger-agent-receive-buffer-bytes", "--query-grpc", "--query-grpc-enabled", "--ui-path" })
        {
            Assert.Contains(flag, help);
        }
    }

    [Fact]
    public void Demo_is_a_switch_and_needs_a_collector_role()
    {
        Assert.True(OptionsParser.Parse(["--demo"]).Demo);
        Assert.True(OptionsParser.Parse(["collector", "--demo", "--memory-max-traces", "5"]).Demo);
        Assert.False(OptionsParser.Parse(["--demo=false"]).Demo);
        Assert.False(OptionsParser.Parse([]).Demo);
        Assert.True(OptionsParser.Parse([], new Dictionary<string, string?> { ["TRACEBACKEND_DEMO"] = "true" }).Demo);
        Assert.StartsWith("--demo: needs the all-in-one or collector role", Assert.Throws<OptionsException>(() => OptionsParser.Parse(["query", "--demo"])).Message);
        Assert.StartsWith("--demo: 'maybe' is not true or false", Assert.Throws<OptionsException>(() => OptionsParser.Parse(["--demo=maybe"])).Message);
    }

    [Fact]
    public void Cors_is_off_unless_configured()
    {
        Assert.Empty(OptionsParser.Parse([]).OtlpHttpCorsOrigins);
        Assert.Equal(["https://a.example", "*"], OptionsParser.Parse(["--otlp-http-cors-origins", "https://a.example, *"]).OtlpHttpCorsOrigins);
    }
}
