using System.Runtime.CompilerServices;
using TraceBackend.Storage.Cassandra.Session;

namespace TraceBackend.Storage.Cassandra.Tests.Store;

/// <summary>Who closes the session: the host hands its session to the store (ownsSession), tests keep theirs.</summary>
public sealed class CassandraTraceStoreDisposeTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task An_owned_session_is_disposed_once_with_the_store(bool owns, int disposals)
    {
        var session = new DisposableSession();
        var store = new CassandraTraceStore(session, new CassandraStoreOptions(), ownsSession: owns);

        await store.DisposeAsync();
        await store.DisposeAsync();

        Assert.Equal(disposals, session.Disposals);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.GetServicesAsync(TestContext.Current.CancellationToken));
    }

    private sealed class DisposableSession : ICassandraSession, IAsyncDisposable
    {
        public int Disposals { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return default;
        }

        public ValueTask ExecuteAsync(CassandraStatement statement, CancellationToken cancellationToken = default) => default;

        public ValueTask ExecuteBatchAsync(IReadOnlyList<CassandraStatement> statements, CancellationToken cancellationToken = default) => default;

        public async IAsyncEnumerable<IReadOnlyList<object?>> QueryAsync(CassandraStatement statement, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }

        public ValueTask ExecuteSchemaAsync(string cql, CancellationToken cancellationToken = default) => default;
    }
}
