using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TraceBackend.Host.Commands;
using TraceBackend.Host.Options;
using TraceBackend.Storage.Elasticsearch.Tests.Support;

namespace TraceBackend.Host.Tests;

/// <summary>
/// <c>tracebackend cassandra-schema | es-rollover | es-index-cleaner</c> and the server's start-up against storage
/// that is not there: flags parsed like the server's, one-line errors, exit codes. The Elasticsearch commands run
/// against a loopback HTTP server that answers like Elasticsearch 8.
/// </summary>
public class StorageCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cassandra_schema_against_no_server_fails_with_one_line_naming_the_servers()
    {
        var port = ClosedPort();
        var (code, output, error) = await RunAsync("cassandra-schema", "--cassandra-servers", $"127.0.0.1:{port}", "--cassandra-connect-timeout", "2s");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith($"tracebackend cassandra-schema: --cassandra-servers: cannot use 127.0.0.1:{port}:", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData(new[] { "es-rollover" }, "tracebackend es-rollover: expected an action: init, rollover or lookback")]
    [InlineData(new[] { "es-rollover", "lookback", "--unit", "fortnights" }, "tracebackend es-rollover: --unit: unknown value 'fortnights'")]
    [InlineData(new[] { "es-rollover", "lookback", "--unit-count", "0" }, "tracebackend es-rollover: --unit-count: '0' is not a positive integer")]
    [InlineData(new[] { "es-index-cleaner" }, "tracebackend es-index-cleaner: expected the number of days to keep")]
    [InlineData(new[] { "es-index-cleaner", "7", "--es-nope", "1" }, "tracebackend es-index-cleaner: unknown flag --es-nope")]
    [InlineData(new[] { "cassandra-schema", "--cassandra-keyspace", "a-b" }, "tracebackend cassandra-schema: --cassandra-keyspace: 'a-b' must be")]
    public async Task Bad_command_lines_exit_2_with_the_reason(string[] args, string message)
    {
        var (code, _, error) = await RunAsync(args[0], args[1..]);

        Assert.Equal(2, code);
        Assert.StartsWith(message, error);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_every_storage_flag()
    {
        var (code, output, error) = await RunAsync("es-rollover", "--help");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("tracebackend es-rollover init|rollover|lookback", output);
        Assert.Contains("tracebackend cassandra-schema", output);
        Assert.Contains("--cassandra-servers", output);
        Assert.Contains("--es-index-prefix", output);
    }

    [Fact]
    public async Task Index_cleaner_deletes_only_the_old_daily_indices_of_its_prefix()
    {
        var today = DateTime.UtcNow.Date;
        string Day(int daysAgo) => today.AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var indices = new[] { $"prod-jaeger-span-{Day(30)}", $"prod-jaeger-service-{Day(30)}", $"prod-jaeger-span-{Day(0)}", $"prod-jaeger-dependencies-{Day(10)}" };
        await using var es = await FakeElasticsearch.StartAsync(request => request switch
        {
            { Method: "GET", Path: "/" } => FakeResponse.Json("""{"name":"n1","version":{"number":"8.15.3","distribution":null},"tagline":"You Know, for Search"}"""),
            { Method: "GET" } when request.Path.StartsWith("/prod-jaeger-", StringComparison.Ordinal) =>
                FakeResponse.Json("{" + string.Join(",", indices.Select(i => $"\"{i}\":{{\"aliases\":{{}},\"settings\":{{\"index.creation_date\":\"1700000000000\"}}}}")) + "}"),
            { Method: "DELETE" } => FakeResponse.Json("""{"acknowledged":true}"""),
            _ => FakeResponse.Error(404, "unexpected", "not scripted"),
        });

        var (code, output, error) = await RunAsync("es-index-cleaner", "7", "--rollover", "false", "--es-server-urls", es.Url.ToString(), "--es-index-prefix", "prod");

        Assert.True(code == 0, error);
        var delete = Assert.Single(es.Requests, r => r.Method == "DELETE");
        var deleted = delete.Path.TrimStart('/').Split(',').Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([$"prod-jaeger-dependencies-{Day(10)}", $"prod-jaeger-service-{Day(30)}", $"prod-jaeger-span-{Day(30)}"], deleted);
        Assert.StartsWith("deleted (older than 7 days): ", output);
        Assert.Contains($"prod-jaeger-span-{Day(30)}", output);
        Assert.DoesNotContain($"prod-jaeger-span-{Day(0)}", output);
    }

    [Fact]
    public async Task Elasticsearch_commands_report_an_unreachable_cluster_with_exit_1()
    {
        var port = ClosedPort();
        var (code, _, error) = await RunAsync("es-index-cleaner", "3", "--es-server-urls", $"http://127.0.0.1:{port}", "--es-timeout", "1s");

        Assert.Equal(1, code);
        Assert.StartsWith("tracebackend es-index-cleaner: ", error);
        Assert.Contains($"127.0.0.1:{port}", error);
    }

    [Fact]
    public async Task The_server_refuses_to_start_on_an_unreachable_cassandra_with_one_line()
    {
        var port = ClosedPort();
        var options = OptionsParser.Parse(["--storage", "cassandra", "--cassandra-servers", $"127.0.0.1:{port}", "--cassandra-connect-timeout", "2s"]);

        var e = await Assert.ThrowsAsync<OptionsException>(() => TraceBackendApp.CreateAsync(options, l => l.SetMinimumLevel(LogLevel.None), Ct));

        Assert.StartsWith($"--cassandra-servers: cannot use 127.0.0.1:{port}:", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task The_server_refuses_to_start_on_an_unreachable_elasticsearch_with_one_line()
    {
        var port = ClosedPort();
        var options = OptionsParser.Parse(["--storage", "elasticsearch", "--es-server-urls", $"http://127.0.0.1:{port}", "--es-timeout", "1s"]);

        var e = await Assert.ThrowsAsync<OptionsException>(() => TraceBackendApp.CreateAsync(options, l => l.SetMinimumLevel(LogLevel.None), Ct));

        Assert.StartsWith($"--es-server-urls: cannot use http://127.0.0.1:{port}/:", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string command, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StorageCommands.RunAsync(command, args, environment: null, settingsFile: null, output, error, Ct);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
