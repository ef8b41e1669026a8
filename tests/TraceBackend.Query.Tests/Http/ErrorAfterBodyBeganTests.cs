using System.Collections.Immutable;
using TraceBackend.Model;
using TraceBackend.Query.Tests.Support;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Http;

/// <summary>
/// A failure after the JSON writer has begun must never leave partial JSON followed by an error document: before
/// anything reached the client the answer is a clean error; after that the connection is aborted.
/// </summary>
public sealed class ErrorAfterBodyBeganTests
{
    private static readonly TraceId s_good = new(1, 1);
    private static readonly TraceId s_bad = new(2, 2);

    private static async Task<QueryServer> StartAsync(int goodSpans, int attributeBytes)
    {
        var store = new ListTraceStore();
        var now = Storage.UnixTime.ToNanos(DateTimeOffset.UtcNow.AddMinutes(-5));
        var resource = Resource("svc");
        ImmutableArray<KeyValue> big = [Str("payload", new string('x', attributeBytes))];
        var spans = new List<Span>();
        for (var i = 0; i < goodSpans; i++)
        {
            spans.Add(Span(s_good, (ulong)i + 1, resource, startNanos: now, attributes: big));
        }

        spans.Add(Span(s_bad, 1, resource, startNanos: now));
        await store.WriteAsync(spans, TestContext.Current.CancellationToken);
        store.TraceHook = trace => trace.TraceId == s_bad
            ? new Trace(trace.TraceId, new FailingSpanList(trace.Spans, new InvalidDataException("corrupt span record")))
            : trace;
        return await QueryServer.StartAsync(store);
    }

    [Fact]
    public async Task Failure_before_the_first_flush_is_a_clean_500()
    {
        await using var server = await StartAsync(goodSpans: 3, attributeBytes: 10);
        var reply = await server.GetAsync($"/api/traces?traceID={s_good.ToJaegerString()}&traceID={s_bad.ToJaegerString()}&raw=true");
        V1ApiTests.AssertV1Error(reply, 500, "corrupt span record");
    }

    [Fact]
    public async Task Failure_after_data_reached_the_client_aborts_the_connection()
    {
        // The good trace alone is far above the flush threshold, so the response has started when the bad one fails.
        await using var server = await StartAsync(goodSpans: 40, attributeBytes: 8 * 1024);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
            server.GetAsync($"/api/traces?traceID={s_good.ToJaegerString()}&traceID={s_bad.ToJaegerString()}&raw=true"));
    }

    [Fact]
    public async Task Healthy_requests_on_the_same_store_still_work()
    {
        await using var server = await StartAsync(goodSpans: 40, attributeBytes: 8 * 1024);
        var reply = await server.GetAsync($"/api/traces/{s_good.ToJaegerString()}?raw=true");
        Assert.Equal(200, reply.Status);
        Assert.Equal(40, reply.Json.GetProperty("data")[0].GetProperty("spans").GetArrayLength());
    }
}
