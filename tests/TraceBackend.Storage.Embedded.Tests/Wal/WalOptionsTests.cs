using System.Text;
using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Wal;

public sealed class WalOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_documented_values()
    {
        var options = new WalOptions();
        options.Validate();
        Assert.Equal(WalSyncMode.Always, options.Sync);
        Assert.Equal(TimeSpan.FromSeconds(1), options.SyncInterval);
        Assert.Equal(64L * 1024 * 1024, options.SegmentBytes);
        Assert.Equal(64 * 1024 * 1024, options.MaxRecordBytes);
    }

    public static TheoryData<WalOptions, string> Invalid => new()
    {
        { new WalOptions { Sync = (WalSyncMode)7 }, "WAL sync mode '7' is not one of always, interval, none." },
        { new WalOptions { SyncInterval = TimeSpan.Zero }, "WAL sync interval must be between 1 ms and 1 h (was 00:00:00)." },
        { new WalOptions { SyncInterval = TimeSpan.FromHours(2) }, "WAL sync interval must be between 1 ms and 1 h (was 02:00:00)." },
        { new WalOptions { SegmentBytes = 100 }, "WAL segment size must be at least 4096 bytes (was 100)." },
        { new WalOptions { MaxRecordBytes = 0 }, "WAL maximum record size must be between 1 and 268435456 bytes (was 0)." },
        { new WalOptions { MaxRecordBytes = int.MaxValue }, $"WAL maximum record size must be between 1 and 268435456 bytes (was {int.MaxValue})." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_options_are_rejected_with_a_clear_message(WalOptions options, string message)
    {
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith(message, ex.Message);
        using var dir = new TempDirectory();
        await Assert.ThrowsAsync<ArgumentException>(() => WriteAheadLog.OpenAsync(dir.Path, options));
    }

    [Theory]
    [InlineData("always", WalSyncMode.Always)]
    [InlineData("Interval", WalSyncMode.Interval)]
    [InlineData(" none ", WalSyncMode.None)]
    public void Sync_mode_parses(string value, WalSyncMode expected) => Assert.Equal(expected, WalOptions.ParseSyncMode(value));

    [Fact]
    public void Unknown_sync_mode_is_rejected() =>
        Assert.StartsWith("--wal-sync must be always, interval or none (was 'sometimes').",
            Assert.Throws<ArgumentException>(() => WalOptions.ParseSyncMode("sometimes")).Message);

    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        Assert.Equal(Crc32C.Compute(data), Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Start, data.AsSpan(0, 5)), data.AsSpan(5))));
        Assert.Equal(0x22620404u, Crc32C.Compute(data));
    }

    [Fact]
    public void Segment_file_names_are_sixteen_digit_sequences()
    {
        Assert.Equal("0000000000000042.seg", WalFormat.SegmentFileName(42));
        Assert.True(WalFormat.TryParseSegmentFileName("0000000000000042.seg", out var sequence));
        Assert.Equal(42, sequence);
        Assert.False(WalFormat.TryParseSegmentFileName("0000000000000042.seg.corrupt", out _));
        Assert.False(WalFormat.TryParseSegmentFileName("000000000000042.seg", out _));
        Assert.False(WalFormat.TryParseSegmentFileName("00000000000000+2.seg", out _));
        Assert.False(WalFormat.TryParseSegmentFileName("0000000000000000.seg", out _));
        Assert.False(WalFormat.TryParseSegmentFileName("LOCK", out _));
    }
}
