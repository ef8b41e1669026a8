using TraceBackend.Model;
using TraceBackend.Query.Tests.Support;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Http;

/// <summary>
/// <c>/api/v3/operations</c> shows unspecified kinds as <c>internal</c>; the list must then not repeat an entry, and
/// the <c>internal</c> filter must include what it displays as internal.
/// </summary>
public sealed class V3OperationsTests
{
    private static async Task<QueryServer> StartAsync()
    {
        var store = new ListTraceStore();
        var resource = Resource("mixed");
        await store.WriteAsync(
        [
            Span(Trace128, 1, resource, name: "work"),
            Span(Trace128, 2, resource, name: "work", kind: SpanKind.Internal),
            Span(Trace128, 3, resource, name: "idle"),
            Span(Trace128, 4, resource, name: "serve", kind: SpanKind.Server),
            Span(Trace128, 5, resource, name: "tick", kind: SpanKind.Internal),
        ],
            TestContext.Current.CancellationToken);
        return await QueryServer.StartAsync(store);
    }

    private static (string?, string?)[] Operations(QueryServer.Reply reply) =>
        [.. reply.Json.GetProperty("operations").EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("spanKind").GetString()))];

    [Fact]
    public async Task Unspecified_and_internal_kinds_of_one_name_are_listed_once()
    {
        await using var server = await StartAsync();
        Assert.Equal(
            [("idle", "internal"), ("serve", "server"), ("tick", "internal"), ("work", "internal")],
            Operations(await server.GetAsync("/api/v3/operations?service=mixed")));
    }

    [Fact]
    public async Task Internal_filter_includes_unspecified_kinds()
    {
        await using var server = await StartAsync();
        Assert.Equal(
            [("idle", "internal"), ("tick", "internal"), ("work", "internal")],
            Operations(await server.GetAsync("/api/v3/operations?service=mixed&spanKind=internal")));
        Assert.Equal([("serve", "server")], Operations(await server.GetAsync("/api/v3/operations?service=mixed&span_kind=server")));
        Assert.Empty(Operations(await server.GetAsync("/api/v3/operations?service=mixed&spanKind=client")));
    }

    [Fact]
    public async Task V1_operations_keep_unspecified_kinds_apart()
    {
        await using var server = await StartAsync();
        var reply = await server.GetAsync("/api/operations?service=mixed");
        Assert.Equal(
            [("idle", ""), ("serve", "server"), ("tick", "internal"), ("work", ""), ("work", "internal")],
            reply.Json.GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("spanKind").GetString())));
        Assert.Equal(5, reply.Json.GetProperty("total").GetInt32());
        var internalOnly = await server.GetAsync("/api/operations?service=mixed&spanKind=internal");
        Assert.Equal(["tick", "work"], internalOnly.Json.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }
}
