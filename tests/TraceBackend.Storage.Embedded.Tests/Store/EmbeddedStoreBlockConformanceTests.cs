using TraceBackend.Storage.Conformance;

namespace TraceBackend.Storage.Embedded.Tests.Store;

/// <summary>The shared conformance suite with every write flushed at once, so reads come from blocks.</summary>
public sealed class EmbeddedStoreBlockConformanceTests : StorageConformanceTests
{
    private OwnedStore? _store;

    protected override async ValueTask<ITraceStore> CreateStoreAsync() => _store = await OwnedStore.OpenAsync(o => o);

    protected override async ValueTask AfterWriteAsync()
    {
        await _store!.Inner.FlushAsync(Ct);
        Assert.Equal(0, _store.Inner.HeadSpanCount);
    }
}
