using TraceBackend.Query.Tests.Support;
using TraceBackend.Storage;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Http;

/// <summary>Servers with non-default configuration: base path, a store without service-less search, a failing store.</summary>
public sealed class ServerVariantsTests
{
    [Fact]
    public async Task Routes_live_under_the_base_path()
    {
        var store = new ListTraceStore();
        await store.WriteAsync([Span(Trace128, 1, Resource("svc"), startNanos: UnixTime.ToNanos(DateTimeOffset.UtcNow.AddMinutes(-5)))], TestContext.Current.CancellationToken);
        await using var server = await QueryServer.StartAsync(store, new QueryOptions { BasePath = "/jaeger/ui" });

        var services = await server.GetAsync("/jaeger/ui/api/services");
        Assert.Equal(200, services.Status);
        Assert.Equal(["svc"], services.Json.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(200, (await server.GetAsync("/jaeger/ui/api/v3/services")).Status);
        Assert.Equal(200, (await server.GetAsync("/jaeger/ui/api/traces/4bf92f3577b34da6a3ce929d0e0e4736")).Status);
        Assert.Equal(["op"], (await server.GetAsync("/jaeger/ui/api/services/svc/operations")).Json.GetProperty("data").EnumerateArray().Select(e => e.GetString()));

        var unknown = await server.GetAsync("/jaeger/ui/api/nope");
        Assert.Equal(404, unknown.Status);
        Assert.Equal("404 page not found\n", unknown.Body);

        Assert.Equal("SPA", (await server.GetAsync("/api/services")).Body);
    }

    [Fact]
    public async Task Service_less_search_is_rejected_when_the_store_cannot_do_it()
    {
        var store = new ListTraceStore { Capabilities = new StorageCapabilities { SearchWithoutServiceName = false } };
        await using var server = await QueryServer.StartAsync(store);
        V1ApiTests.AssertV1Error(
            await server.GetAsync("/api/traces?lookback=1h"),
            400,
            "this storage backend requires a service name to search; searching all services is not supported");
        var now = DateTimeOffset.UtcNow;
        var reply = await server.GetAsync($"/api/v3/trace-summaries?query.startTimeMin={Uri.EscapeDataString(now.AddHours(-1).ToString("O"))}&query.startTimeMax={Uri.EscapeDataString(now.ToString("O"))}");
        V3ApiTests.AssertV3Error(reply, 400, "this storage backend requires a service name to search; searching all services is not supported");

        Assert.Equal(200, (await server.GetAsync("/api/traces?service=a")).Status);
        Assert.Equal(200, (await server.GetAsync("/api/traces?traceID=abc")).Status);
    }

    [Fact]
    public async Task Storage_failures_are_500_with_the_message()
    {
        var store = new ListTraceStore { Failure = new InvalidOperationException("disk on fire") };
        await using var server = await QueryServer.StartAsync(store);
        V1ApiTests.AssertV1Error(await server.GetAsync("/api/services"), 500, "disk on fire");
        V1ApiTests.AssertV1Error(await server.GetAsync("/api/traces/abc"), 500, "disk on fire");
        V1ApiTests.AssertV1Error(await server.GetAsync("/api/dependencies"), 500, "disk on fire");
        V3ApiTests.AssertV3Error(await server.GetAsync("/api/v3/services"), 500, "disk on fire");
        V3ApiTests.AssertV3Error(await server.GetAsync("/api/v3/traces/abc"), 500, "disk on fire");
    }
}
