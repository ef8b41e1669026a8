using TraceBackend.Storage.Conformance;

namespace TraceBackend.Storage.Embedded.Tests.Store;

/// <summary>The shared conformance suite with every read served from the head (nothing is flushed).</summary>
public sealed class EmbeddedStoreHeadConformanceTests : StorageConformanceTests
{
    protected override async ValueTask<ITraceStore> CreateStoreAsync() =>
        await OwnedStore.OpenAsync(o => o with { WalSync = Embedded.Wal.WalSyncMode.Always });
}
