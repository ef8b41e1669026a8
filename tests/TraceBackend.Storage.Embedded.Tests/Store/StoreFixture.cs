using TraceBackend.Storage.Embedded.Tests.Wal;
using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Store;

/// <summary>Options and helpers for store tests: no background flush or compaction unless a test asks for them.</summary>
internal static class StoreFixture
{
    public static EmbeddedStoreOptions Options(TempDirectory directory) => new()
    {
        Path = directory.Path,
        WalSync = WalSyncMode.None,
        FlushCheckInterval = TimeSpan.FromHours(1),
        TraceIdlePeriod = TimeSpan.FromHours(1),
        MaxTraceLive = TimeSpan.FromHours(1),
        CompactionInterval = TimeSpan.Zero,
        Retention = TimeSpan.Zero,
        FsyncBlocks = false,
    };

    public static Task<EmbeddedStore> OpenAsync(EmbeddedStoreOptions options, TimeProvider? time = null) =>
        EmbeddedStore.OpenAsync(options, loggerFactory: null, timeProvider: time);

    public static string BlocksPath(TempDirectory directory) => System.IO.Path.Combine(directory.Path, EmbeddedStore.BlocksDirectoryName);
}
