using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Tests.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Store;

/// <summary>An embedded store in its own temp directory, deleted when the store is disposed.</summary>
internal sealed class OwnedStore(EmbeddedStore inner, TempDirectory directory) : ITraceStore, IAsyncDisposable
{
    public EmbeddedStore Inner { get; } = inner;

    public StorageCapabilities Capabilities => Inner.Capabilities;

    public static async Task<OwnedStore> OpenAsync(Func<EmbeddedStoreOptions, EmbeddedStoreOptions> configure)
    {
        var directory = new TempDirectory();
        try
        {
            return new OwnedStore(await StoreFixture.OpenAsync(configure(StoreFixture.Options(directory))), directory);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public ValueTask WriteAsync(IReadOnlyList<Span> spans, CancellationToken cancellationToken = default) => Inner.WriteAsync(spans, cancellationToken);

    public ValueTask<IReadOnlyList<Trace>> GetTracesAsync(IReadOnlyList<TraceGetRequest> requests, CancellationToken cancellationToken = default) => Inner.GetTracesAsync(requests, cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken = default) => Inner.GetServicesAsync(cancellationToken);

    public ValueTask<IReadOnlyList<Operation>> GetOperationsAsync(OperationQuery query, CancellationToken cancellationToken = default) => Inner.GetOperationsAsync(query, cancellationToken);

    public ValueTask<IReadOnlyList<Trace>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken = default) => Inner.FindTracesAsync(query, cancellationToken);

    public ValueTask<IReadOnlyList<DependencyLink>> GetDependenciesAsync(DateTimeOffset endTime, TimeSpan lookback, CancellationToken cancellationToken = default) => Inner.GetDependenciesAsync(endTime, lookback, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync();
        directory.Dispose();
    }
}
