using System.Reflection;
using TraceBackend.Model;
using TraceBackend.Storage.Conformance;
using TraceBackend.Storage.Memory.Internal;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Memory.Tests;

public class MemoryStoreInternalsTests
{
    private static readonly DateTimeOffset s_base = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Canonicalizer_copies_every_settable_span_property()
    {
        // SpanCanonicalizer rebuilds spans property by property; a new Span property must be added there too.
        var settable = typeof(Span).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "Attributes", "DroppedAttributesCount", "DroppedEventsCount", "DroppedLinksCount", "EndTimeUnixNano", "Events", "Flags",
                "Kind", "Links", "Name", "ParentSpanId", "Resource", "Scope", "SpanId", "StartTimeUnixNano", "Status", "TraceId", "TraceState", "Warnings",
            ],
            settable);
    }

    [Fact]
    public async Task Stored_spans_share_names_keys_resources_and_scopes_across_batches()
    {
        using var store = new MemoryStore();
        // Two batches built independently: equal content, distinct instances.
        var first = Rich(Id64(1), s_base);
        var second = Rich(Id64(2), s_base.AddSeconds(1));
        Assert.NotSame(first[0].Resource, second[0].Resource);
        await store.WriteAsync(first, Ct);
        await store.WriteAsync(second, Ct);

        var traces = await store.GetTracesAsync([new TraceGetRequest(Id64(1)), new TraceGetRequest(Id64(2))], Ct);
        var a = traces[0].Spans.Single(s => s.Name == "HTTP GET /dispatch");
        var b = traces[1].Spans.Single(s => s.Name == "HTTP GET /dispatch");

        Assert.Same(a.Resource, b.Resource);
        Assert.Same(a.Scope, b.Scope);
        Assert.Same(a.Name, b.Name);
        Assert.Same(a.Attributes[0].Key, b.Attributes[0].Key);
        SpanAssert.Equivalent(second, traces[1].Spans);
    }

    [Fact]
    public void Canonicalizer_returns_the_same_instance_when_nothing_changes()
    {
        var canonicalizer = new SpanCanonicalizer();
        var span = Rich(Id64(1), s_base)[0];
        var stored = canonicalizer.Canonicalize(span, span.Name);

        Assert.Same(span, stored);
        Assert.Same(span, canonicalizer.Canonicalize(span, span.Name));
    }

    [Fact]
    public async Task Large_traces_deduplicate_past_the_key_set_threshold()
    {
        using var store = new MemoryStore();
        var trace = new TraceBuilder(Id128(9), s_base);
        for (var i = 0; i < TraceEntry.KeySetThreshold * 3; i++)
        {
            trace.Span("svc", $"op-{i % 5}", TimeSpan.FromMilliseconds(i), TimeSpan.FromMilliseconds(1));
        }

        var spans = trace.Build();
        await store.WriteAsync([.. spans.Take(TraceEntry.KeySetThreshold - 3)], Ct);
        await store.WriteAsync(spans, Ct);
        await store.WriteAsync([.. spans.Reverse()], Ct);

        var stored = (await store.GetTracesAsync([new TraceGetRequest(Id128(9))], Ct))[0].Spans;
        SpanAssert.Equivalent(spans, stored);
    }

    [Fact]
    public async Task Returned_lists_are_copies_owned_by_the_caller()
    {
        using var store = new MemoryStore();
        await store.WriteAsync(Single(Id64(1), "svc", "op", s_base, TimeSpan.FromMilliseconds(1)), Ct);
        var before = (await store.GetTracesAsync([new TraceGetRequest(Id64(1))], Ct))[0];

        await store.WriteAsync(Single(Id64(1), "svc", "later", s_base.AddSeconds(1), TimeSpan.FromMilliseconds(1)), Ct);

        Assert.Single(before.Spans);
        Assert.Equal(2, (await store.GetTracesAsync([new TraceGetRequest(Id64(1))], Ct))[0].Spans.Count);
    }

    [Fact]
    public async Task Spans_without_service_name_are_stored_but_the_empty_service_is_not_listed()
    {
        using var store = new MemoryStore();
        var span = new SpanBuilder(Id64(1), new SpanId(1), Resource.EmptyResource, "anonymous", s_base, TimeSpan.FromMilliseconds(1)).Build();
        await store.WriteAsync([span], Ct);

        Assert.Empty(await store.GetServicesAsync(Ct));
        Assert.Single((await store.GetTracesAsync([new TraceGetRequest(Id64(1))], Ct))[0].Spans);
        Assert.Single(await store.FindTracesAsync(new TraceQuery { OperationName = "anonymous", StartTimeMin = s_base, StartTimeMax = s_base }, Ct));
    }

    [Fact]
    public async Task Writes_reject_null_spans_before_storing_anything()
    {
        using var store = new MemoryStore();
        var spans = new List<Span>(Single(Id64(1), "svc", "op", s_base, TimeSpan.FromMilliseconds(1))) { null! };

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.WriteAsync(spans, Ct));
        Assert.Equal(0, store.TraceCount);
    }
}
