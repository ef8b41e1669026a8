using TraceBackend.Host.Options;
using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Host.Tests;

/// <summary>The storage flags: embedded by default, its settings from flags, environment and appsettings.json.</summary>
public class StorageOptionsTests
{
    [Fact]
    public void Embedded_is_the_default_with_its_documented_settings()
    {
        var o = OptionsParser.Parse([]);
        Assert.Equal("embedded", o.Storage);
        Assert.Equal("./data", o.StoragePath);
        Assert.Equal(WalSyncMode.Always, o.WalSync);
        Assert.Equal(TimeSpan.FromHours(72), o.Retention);
        Assert.Equal(TimeSpan.FromSeconds(10), o.StorageTraceIdlePeriod);
        Assert.Equal(100_000, o.StorageMaxHeadSpans);
    }

    [Fact]
    public void Flags_set_every_storage_setting()
    {
        var o = OptionsParser.Parse(["--storage", "Memory", "--storage-path", "/var/lib/tb", "--wal-sync", "INTERVAL", "--retention", "1h30m",
            "--storage-trace-idle-period=500ms", "--storage-max-head-spans", "1000"]);
        Assert.Equal("memory", o.Storage);
        Assert.Equal("/var/lib/tb", o.StoragePath);
        Assert.Equal(WalSyncMode.Interval, o.WalSync);
        Assert.Equal(TimeSpan.FromMinutes(90), o.Retention);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.StorageTraceIdlePeriod);
        Assert.Equal(1000, o.StorageMaxHeadSpans);
        Assert.Equal("embedded", OptionsParser.Parse(["--storage", "embedded"]).Storage);
        Assert.Equal(WalSyncMode.None, OptionsParser.Parse(["--wal-sync", "none"]).WalSync);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("72h", 72 * 3600)]
    [InlineData("30m", 30 * 60)]
    [InlineData("2h45m30s", (2 * 3600) + (45 * 60) + 30)]
    public void Retention_is_a_go_duration_and_zero_keeps_everything(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OptionsParser.Parse(["--retention", text]).Retention);

    [Fact]
    public void Environment_and_settings_file_set_storage_and_the_command_line_wins()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tb-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "TraceBackend": { "storage": "memory", "storage-path": "/from/file", "retention": "24h", "wal-sync": "none" } }""");
        try
        {
            var fromFile = OptionsParser.Parse([], null, file);
            Assert.Equal("memory", fromFile.Storage);
            Assert.Equal("/from/file", fromFile.StoragePath);
            Assert.Equal(TimeSpan.FromHours(24), fromFile.Retention);
            Assert.Equal(WalSyncMode.None, fromFile.WalSync);

            var env = new Dictionary<string, string?>
            {
                ["TRACEBACKEND_STORAGE"] = "embedded",
                ["TRACEBACKEND_STORAGE_PATH"] = "/from/env",
                ["TRACEBACKEND_WAL_SYNC"] = "interval",
                ["TRACEBACKEND_RETENTION"] = "0",
                ["TRACEBACKEND_STORAGE_TRACE_IDLE_PERIOD"] = "1m",
                ["TRACEBACKEND_STORAGE_MAX_HEAD_SPANS"] = "77",
            };
            var fromEnv = OptionsParser.Parse([], env, file);
            Assert.Equal("embedded", fromEnv.Storage);
            Assert.Equal("/from/env", fromEnv.StoragePath);
            Assert.Equal(WalSyncMode.Interval, fromEnv.WalSync);
            Assert.Equal(TimeSpan.Zero, fromEnv.Retention);
            Assert.Equal(TimeSpan.FromMinutes(1), fromEnv.StorageTraceIdlePeriod);
            Assert.Equal(77, fromEnv.StorageMaxHeadSpans);

            var fromArgs = OptionsParser.Parse(["--storage-path", "/from/args", "--wal-sync", "always"], env, file);
            Assert.Equal("/from/args", fromArgs.StoragePath);
            Assert.Equal(WalSyncMode.Always, fromArgs.WalSync);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new[] { "--storage", "disk" }, "--storage: unknown value 'disk' (expected embedded, memory, cassandra, elasticsearch, opensearch)")]
    [InlineData(new[] { "--storage-path", "" }, "--storage-path: must not be empty")]
    [InlineData(new[] { "--storage-path" }, "flag --storage-path needs a value")]
    [InlineData(new[] { "--wal-sync", "sometimes" }, "--wal-sync: unknown value 'sometimes' (expected always, interval, none)")]
    [InlineData(new[] { "--retention", "3days" }, "--retention: time: unknown unit")]
    [InlineData(new[] { "--retention", "72" }, "--retention: time: missing unit in duration")]
    [InlineData(new[] { "--retention", "-1h" }, "--retention: '-1h' must not be negative")]
    [InlineData(new[] { "--storage-trace-idle-period", "0" }, "--storage-trace-idle-period: '0' must be a positive duration")]
    [InlineData(new[] { "--storage-trace-idle-period", "soon" }, "--storage-trace-idle-period: time: invalid duration")]
    [InlineData(new[] { "--storage-max-head-spans", "0" }, "--storage-max-head-spans: '0' is not a positive integer")]
    public void Bad_storage_values_name_the_flag_on_one_line(string[] args, string message)
    {
        var e = Assert.Throws<OptionsException>(() => OptionsParser.Parse(args));
        Assert.StartsWith(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Bad_environment_storage_value_names_the_variable()
    {
        var e = Assert.Throws<OptionsException>(() => OptionsParser.Parse([], new Dictionary<string, string?> { ["TRACEBACKEND_WAL_SYNC"] = "maybe" }));
        Assert.StartsWith("TRACEBACKEND_WAL_SYNC: --wal-sync: unknown value 'maybe'", e.Message);
        e = Assert.Throws<OptionsException>(() => OptionsParser.Parse([], new Dictionary<string, string?> { ["TRACEBACKEND_RETENTION"] = "forever" }));
        Assert.StartsWith("TRACEBACKEND_RETENTION: --retention: time: invalid duration", e.Message);
    }

    [Fact]
    public void Storage_is_described_with_its_absolute_path()
    {
        Assert.Equal("memory", StorageFactory.Describe(OptionsParser.Parse(["--storage", "memory"])));
        var path = Path.Combine(Path.GetTempPath(), "tb-describe");
        Assert.Equal($"embedded at {path}", StorageFactory.Describe(OptionsParser.Parse(["--storage-path", path + "/"])));
        Assert.Equal($"embedded at {Path.Combine(Directory.GetCurrentDirectory(), "data")}", StorageFactory.Describe(OptionsParser.Parse([])));
    }
}
