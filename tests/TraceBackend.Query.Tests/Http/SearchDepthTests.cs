using TraceBackend.Model;
using TraceBackend.Query.Tests.Support;
using TraceBackend.Storage;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Http;

/// <summary>Requested search depths are capped by <see cref="QueryOptions.MaxSearchDepth"/> before reaching storage.</summary>
public sealed class SearchDepthTests
{
    private const int TraceCount = 5;

    private static async Task<(ListTraceStore Store, QueryServer Server, DateTimeOffset Now)> StartAsync(QueryOptions? options = null)
    {
        var store = new ListTraceStore();
        var now = DateTimeOffset.UtcNow;
        var resource = Resource("svc");
        for (var i = 0; i < TraceCount; i++)
        {
            await store.WriteAsync(
                [Span(new TraceId(7, (ulong)i + 1), 1, resource, startNanos: UnixTime.ToNanos(now.AddMinutes(-1 - i)))],
                TestContext.Current.CancellationToken);
        }

        return (store, await QueryServer.StartAsync(store, options), now);
    }

    private static string V3Window(DateTimeOffset now) =>
        $"query.startTimeMin={Uri.EscapeDataString(now.AddHours(-1).ToString("O"))}&query.startTimeMax={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}";

    [Fact]
    public async Task Default_maximum_is_the_ui_maximum_of_1500()
    {
        Assert.Equal(1500, new QueryOptions().MaxSearchDepth);
        var (store, server, now) = await StartAsync();
        await using var _ = server;

        var v1 = await server.GetAsync("/api/traces?service=svc&limit=1000000");
        Assert.Equal(200, v1.Status);
        Assert.Equal(TraceCount, v1.Json.GetProperty("data").GetArrayLength());
        Assert.Equal(1500, store.Queries[^1].SearchDepth);

        var v3 = await server.GetAsync("/api/v3/traces?query.serviceName=svc&query.searchDepth=1000000&" + V3Window(now));
        Assert.Equal(200, v3.Status);
        Assert.Equal(1500, store.Queries[^1].SearchDepth);

        var beyondInt32 = await server.GetAsync("/api/v3/trace-summaries?query.service_name=svc&query.num_traces=99999999999&" + V3Window(now));
        Assert.Equal(TraceCount, beyondInt32.Json.GetProperty("summaries").GetArrayLength());
        Assert.Equal(1500, store.Queries[^1].SearchDepth);

        // Depths within the maximum, and the "≤ 0 means default" convention, pass through unchanged.
        await server.GetAsync("/api/traces?service=svc&limit=1500");
        Assert.Equal(1500, store.Queries[^1].SearchDepth);
        await server.GetAsync("/api/traces?service=svc&limit=0");
        Assert.Equal(TraceQuery.DefaultSearchDepth, store.Queries[^1].EffectiveSearchDepth);
        await server.GetAsync("/api/traces?service=svc");
        Assert.Equal(TraceQuery.DefaultSearchDepth, store.Queries[^1].SearchDepth);
    }

    [Fact]
    public async Task Configured_maximum_caps_v1_and_v3_results()
    {
        var (store, server, now) = await StartAsync(new QueryOptions { MaxSearchDepth = 3 });
        await using var _ = server;

        var v1 = await server.GetAsync("/api/traces?service=svc&limit=10");
        Assert.Equal(3, v1.Json.GetProperty("data").GetArrayLength());
        Assert.Equal(3, store.Queries[^1].SearchDepth);
        var fewer = await server.GetAsync("/api/traces?service=svc&limit=2");
        Assert.Equal(2, fewer.Json.GetProperty("data").GetArrayLength());

        var v3 = await server.GetAsync("/api/v3/trace-summaries?query.serviceName=svc&query.search_depth=10&" + V3Window(now));
        Assert.Equal(3, v3.Json.GetProperty("summaries").GetArrayLength());
        Assert.Equal(3, store.Queries[^1].SearchDepth);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Maximum_must_be_positive(int value) =>
        Assert.Throws<ArgumentException>(() => new QueryOptions { MaxSearchDepth = value }.Validate());
}
