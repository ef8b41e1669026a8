using System.Globalization;
using System.Net;
using System.Text;
using TraceBackend.Host.Listeners;
using TraceBackend.Host.Options;
using TraceBackend.Storage.Embedded;

namespace TraceBackend.Host.Tests;

/// <summary>All-in-one over the default embedded store, in a temporary --storage-path.</summary>
public sealed class EmbeddedStorageHostTests : IDisposable
{
    private static readonly string[] s_loopback =
    [
        "--otlp-grpc", "127.0.0.1:0", "--otlp-http", "127.0.0.1:0", "--query-http", "127.0.0.1:0", "--admin-http", "127.0.0.1:0", "--jaeger-grpc", "127.0.0.1:0", "--zipkin", "127.0.0.1:0", "--jaeger-thrift-http", "127.0.0.1:0", "--jaeger-agent-compact", "127.0.0.1:0", "--jaeger-agent-binary", "127.0.0.1:0", "--query-grpc", "127.0.0.1:0",
    ];

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tb-host-embedded-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_path))
        {
            Directory.Delete(_path, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_storage_flag_all_in_one_keeps_traces_in_the_embedded_store_across_restarts()
    {
        var options = OptionsParser.Parse(["all-in-one", .. s_loopback, "--storage-path", _path]);
        Assert.Equal("embedded", options.Storage);
        const string TraceId = "5b8efff798038103d269b633813fc60c";
        await using (var app = await LoopbackApp.StartAsync(options))
        {
            Assert.IsType<EmbeddedStore>(app.App.Store);
            Assert.NotEmpty(Directory.EnumerateFileSystemEntries(_path));

            using var body = new StringContent(OtlpJson(TraceId, "eee19b7ec3c1b174", "checkout"), Encoding.UTF8, "application/json");
            var posted = await app.Http.PostAsync(app.Url(ListenerNames.OtlpHttp, "/v1/traces"), body, Ct);
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            Assert.Contains("\"spanID\":\"eee19b7ec3c1b174\"", await app.Http.GetStringAsync(app.Url(ListenerNames.Query, $"/api/traces/{TraceId}"), Ct));

            var compact = await app.Http.PostAsync(app.Url(ListenerNames.Admin, "/debug/compact"), null, Ct);
            Assert.Equal(HttpStatusCode.OK, compact.StatusCode);
            Assert.Contains("\"compacted\":true", await compact.Content.ReadAsStringAsync(Ct));
        }

        await using (var reopened = await LoopbackApp.StartAsync(options))
        {
            Assert.Contains("\"spanID\":\"eee19b7ec3c1b174\"", await reopened.Http.GetStringAsync(reopened.Url(ListenerNames.Query, $"/api/traces/{TraceId}"), Ct));
            Assert.Contains("\"svc-a\"", await reopened.Http.GetStringAsync(reopened.Url(ListenerNames.Query, "/api/services"), Ct));
        }
    }

    [Fact]
    public async Task A_second_app_on_the_same_storage_path_is_refused_naming_the_path()
    {
        var options = OptionsParser.Parse([.. s_loopback, "--storage", "embedded", "--storage-path", _path]);
        await using var first = await LoopbackApp.StartAsync(options);
        var e = await Assert.ThrowsAsync<OptionsException>(() => TraceBackendApp.CreateAsync(options, cancellationToken: Ct));
        Assert.StartsWith($"--storage-path: cannot open '{_path}'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task The_memory_store_has_nothing_to_compact_and_writes_no_files()
    {
        var workingDirectoryData = Path.Combine(Directory.GetCurrentDirectory(), "data");
        var existed = Directory.Exists(workingDirectoryData);
        await using var app = await LoopbackApp.StartAsync();
        var compact = await app.Http.PostAsync(app.Url(ListenerNames.Admin, "/debug/compact"), null, Ct);
        Assert.Contains("\"compacted\":false", await compact.Content.ReadAsStringAsync(Ct));
        Assert.Equal(existed, Directory.Exists(workingDirectoryData));
        Assert.False(Directory.Exists(_path));
    }

    private static string OtlpJson(string traceId, string spanId, string name)
    {
        var start = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100 - 1_000_000_000L;
        var end = start + 5_000_000L;
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"svc-a\"}}]},"
            + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\",\"name\":\"" + name + "\",\"kind\":2,"
            + "\"startTimeUnixNano\":\"" + start.ToString(CultureInfo.InvariantCulture) + "\",\"endTimeUnixNano\":\"" + end.ToString(CultureInfo.InvariantCulture) + "\"}]}]}]}";
    }
}
