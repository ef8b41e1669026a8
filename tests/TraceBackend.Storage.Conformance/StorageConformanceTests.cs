using TraceBackend.Model;

namespace TraceBackend.Storage.Conformance;

/// <summary>
/// The behaviour every <see cref="ITraceStore"/> must show (see the contracts in TraceBackend.Storage). A backend
/// adds a short subclass that creates a fresh, empty store per test and, where it legitimately differs, turns
/// off <see cref="Capabilities"/>; the affected tests then skip with the flag's name.
/// Fixture times are whole seconds around <see cref="BaseTime"/> (an hour ago, so TTL- or age-based backends
/// keep them) and every timestamp is a whole microsecond.
/// </summary>
public abstract partial class StorageConformanceTests : IAsyncLifetime
{
    private ITraceStore? _store;

    protected StorageConformanceTests()
    {
        var now = DateTimeOffset.UtcNow;
        BaseTime = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddHours(-1);
    }

    /// <summary>A new, empty store. It is disposed after the test when it implements IAsyncDisposable or IDisposable.</summary>
    protected abstract ValueTask<ITraceStore> CreateStoreAsync();

    protected virtual ConformanceCapabilities Capabilities => new();

    /// <summary>Called after each write; a backend whose writes become searchable later (index refresh) waits here.</summary>
    protected virtual ValueTask AfterWriteAsync() => default;

    /// <summary>
    /// What a written span reads back as. A backend on a layout that cannot hold every field (Jaeger's Cassandra
    /// and Elasticsearch layouts have no link attributes or scope attributes, and keep only typed tags) returns the
    /// span its own codec produces for <paramref name="written"/>; the codec's losses are specified and tested by the
    /// backend's unit tests, this suite then checks that the store gives back exactly that. Default: unchanged.
    /// </summary>
    protected virtual Span StoredForm(Span written) => written;

    /// <summary><see cref="StoredForm"/> of each span.</summary>
    protected IEnumerable<Span> AsStored(IEnumerable<Span> written) => written.Select(StoredForm);

    protected ITraceStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    protected DateTimeOffset BaseTime { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public async ValueTask DisposeAsync()
    {
        switch (_store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        GC.SuppressFinalize(this);
    }

    protected DateTimeOffset At(double seconds) => BaseTime.AddSeconds(seconds);

    /// <summary>Writes each batch with its own <see cref="ITraceWriter.WriteAsync"/> call.</summary>
    protected async Task WriteAsync(params IReadOnlyList<Span>[] batches)
    {
        foreach (var batch in batches)
        {
            await Store.WriteAsync(batch, Ct);
        }

        await AfterWriteAsync();
    }

    /// <summary>The spans of one trace; empty when the store returned no trace.</summary>
    protected async Task<IReadOnlyList<Span>> GetSpansAsync(TraceId traceId)
    {
        var traces = await Store.GetTracesAsync([new TraceGetRequest(traceId)], Ct);
        Assert.True(traces.Count <= 1, $"one ID requested, {traces.Count} traces returned");
        if (traces.Count == 0)
        {
            return [];
        }

        Assert.Equal(traceId, traces[0].TraceId);
        return traces[0].Spans;
    }

    /// <summary>A query over [BaseTime − 1 h, BaseTime + 1 h] with nothing else set.</summary>
    protected TraceQuery Window() => new() { StartTimeMin = BaseTime.AddHours(-1), StartTimeMax = BaseTime.AddHours(1) };

    /// <summary>IDs of the found traces, in result order; also checks each found trace is whole and well-formed.</summary>
    protected async Task<List<TraceId>> FindIdsAsync(TraceQuery query)
    {
        var traces = await Store.FindTracesAsync(query, Ct);
        Assert.NotNull(traces);
        foreach (var trace in traces)
        {
            Assert.NotEmpty(trace.Spans);
            Assert.All(trace.Spans, s => Assert.Equal(trace.TraceId, s.TraceId));
            Assert.Equal(trace.Spans.Count, trace.Spans.Select(s => s.Key).Distinct().Count());
        }

        return [.. traces.Select(t => t.TraceId)];
    }

    protected static Dictionary<string, string> Tags(params (string Key, string Value)[] tags) =>
        tags.ToDictionary(t => t.Key, t => t.Value);

    protected static string Ids(IEnumerable<TraceId> ids) => string.Join(", ", ids.Select(i => i.ToJaegerString()));
}
