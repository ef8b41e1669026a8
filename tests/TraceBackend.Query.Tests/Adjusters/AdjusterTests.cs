using TraceBackend.Model;
using TraceBackend.Query.Adjusters;
using static TraceBackend.Query.Tests.Support.TestSpans;

namespace TraceBackend.Query.Tests.Adjusters;

public sealed class AdjusterTests
{
    [Fact]
    public void DeduplicateClientServerSpanIds_gives_server_half_a_new_id_and_reparents_children()
    {
        var r = Resource("a");
        var client = Span(Trace128, 5, r, name: "client", parent: 9, kind: SpanKind.Client);
        var server = Span(Trace128, 5, r, name: "server", parent: 9, kind: SpanKind.Server);
        var child = Span(Trace128, 6, r, name: "child", parent: 5);
        var root = Span(Trace128, 9, r, name: "root");
        var adjusted = new DeduplicateClientServerSpanIds().Adjust(new Trace(Trace128, [client, server, child, root]));

        var s = adjusted.Spans.Single(x => x.Name == "server");
        Assert.Equal(new SpanId(1), s.SpanId);
        Assert.Equal(new SpanId(5), s.ParentSpanId);
        Assert.Equal(new SpanId(1), adjusted.Spans.Single(x => x.Name == "child").ParentSpanId);
        Assert.Same(client, adjusted.Spans.Single(x => x.Name == "client"));
        Assert.Same(root, adjusted.Spans.Single(x => x.Name == "root"));
        Assert.Equal(new SpanId(5), server.SpanId);
    }

    [Fact]
    public void DeduplicateClientServerSpanIds_skips_ids_in_use_and_leaves_unshared_spans()
    {
        var r = Resource("a");
        var client = Span(Trace128, 1, r, name: "client", kind: SpanKind.Client);
        var server = Span(Trace128, 1, r, name: "server", kind: SpanKind.Server);
        var other = Span(Trace128, 2, r, name: "other", kind: SpanKind.Server);
        var adjusted = new DeduplicateClientServerSpanIds().Adjust(new Trace(Trace128, [client, server, other]));
        Assert.Equal(new SpanId(3), adjusted.Spans.Single(x => x.Name == "server").SpanId);
        Assert.Same(other, adjusted.Spans.Single(x => x.Name == "other"));

        var plain = new Trace(Trace128, [Span(Trace128, 1, r, kind: SpanKind.Server)]);
        Assert.Same(plain, new DeduplicateClientServerSpanIds().Adjust(plain));
    }

    [Fact]
    public void SortCollections_sorts_spans_attributes_events_links_and_shares_sorted_resources()
    {
        var resource = new Resource([Str("z", "1"), Str("service.name", "a"), Str("b", "2")]);
        var late = new Span
        {
            TraceId = Trace128,
            SpanId = new SpanId(1),
            StartTimeUnixNano = 200,
            Resource = resource,
            Attributes = [Str("y", "1"), Str("a", "2"), Str("m", "3")],
            Events =
            [
                new SpanEvent { TimeUnixNano = 20, Name = "b", Attributes = [Str("q", "1"), Str("p", "2")] },
                new SpanEvent { TimeUnixNano = 10, Name = "a" },
            ],
            Links =
            [
                new SpanLink { TraceId = new TraceId(0, 9), SpanId = new SpanId(1) },
                new SpanLink { TraceId = new TraceId(0, 2), SpanId = new SpanId(5) },
            ],
        };
        var early = Span(Trace128, 2, resource, startNanos: 100, durationNanos: 1);
        var adjusted = new SortCollections().Adjust(new Trace(Trace128, [late, early]));

        Assert.Equal([2UL, 1UL], adjusted.Spans.Select(s => s.SpanId.Value));
        var s = adjusted.Spans[1];
        Assert.Equal(["a", "m", "y"], s.Attributes.Select(a => a.Key));
        Assert.Equal(["a", "b"], s.Events.Select(e => e.Name));
        Assert.Equal(["p", "q"], s.Events[1].Attributes.Select(a => a.Key));
        Assert.Equal([2UL, 9UL], s.Links.Select(l => l.TraceId.Low));
        Assert.Equal(["b", "service.name", "z"], s.Resource.Attributes.Select(a => a.Key));
        Assert.Same(adjusted.Spans[0].Resource, adjusted.Spans[1].Resource);
        Assert.Equal(["y", "a", "m"], late.Attributes.Select(a => a.Key));
    }

    [Fact]
    public void DeduplicateSpans_drops_identical_copies_only()
    {
        var r1 = Resource("a", Str("host", "h"));
        var r2 = Resource("a", Str("host", "h"));
        var first = Span(Trace128, 1, r1, attributes: [Str("k", "v")]);
        var copy = Span(Trace128, 1, r2, attributes: [Str("k", "v")]);
        var different = Span(Trace128, 1, r1, attributes: [Str("k", "other")]);
        var adjusted = new DeduplicateSpans().Adjust(new Trace(Trace128, [first, copy, different]));
        Assert.Equal(2, adjusted.Spans.Count);
        Assert.Same(first, adjusted.Spans[0]);
        Assert.Same(different, adjusted.Spans[1]);
    }

    [Fact]
    public void CorrectClockSkew_is_a_no_op()
    {
        var trace = new Trace(Trace128, [Span(Trace128, 2, Resource("a"), parent: 1, startNanos: 1), Span(Trace128, 1, Resource("b"), startNanos: 1000)]);
        Assert.Same(trace, new CorrectClockSkew().Adjust(trace));
    }

    [Fact]
    public void NormalizeIpAttributes_converts_integer_ips_in_spans_and_resources()
    {
        var resource = new Resource([Str("service.name", "a"), Int("ip", 0x7F000001)]);
        var span = Span(Trace128, 1, resource, attributes: [Int("peer.ipv4", unchecked((int)0xC0A80A01)), Int("other", 5), Str("ip", "1.2.3.4")]);
        var adjusted = new NormalizeIpAttributes().Adjust(new Trace(Trace128, [span])).Spans[0];
        Assert.Equal(AttributeValue.String("192.168.10.1"), adjusted.Attributes[0].Value);
        Assert.Equal(AttributeValue.Int(5), adjusted.Attributes[1].Value);
        Assert.Equal(AttributeValue.String("1.2.3.4"), adjusted.Attributes[2].Value);
        Assert.Equal(AttributeValue.String("127.0.0.1"), adjusted.Resource.Attributes[1].Value);
        Assert.Equal(AttributeType.Int, span.Attributes[0].Value.Type);
    }

    [Fact]
    public void MoveLibraryAttributes_moves_sdk_attributes_to_the_shared_resource_and_warns_on_conflict()
    {
        var resource = new Resource([Str("service.name", "a"), Str("telemetry.sdk.name", "opentelemetry")]);
        var first = Span(Trace128, 1, resource, attributes: [Str("telemetry.sdk.language", "go"), Str("k", "v"), Str("telemetry.sdk.name", "opentelemetry")]);
        var second = Span(Trace128, 2, resource, attributes: [Str("telemetry.sdk.language", "java")]);
        var untouched = Span(Trace128, 3, resource);
        var adjusted = new MoveLibraryAttributes().Adjust(new Trace(Trace128, [first, second, untouched]));

        var a = adjusted.Spans[0];
        Assert.Equal(["k"], a.Attributes.Select(x => x.Key));
        Assert.Equal(["service.name", "telemetry.sdk.name", "telemetry.sdk.language"], a.Resource.Attributes.Select(x => x.Key));
        Assert.Empty(a.Warnings);

        var b = adjusted.Spans[1];
        Assert.Equal(["telemetry.sdk.language"], b.Attributes.Select(x => x.Key));
        Assert.Equal(["conflicting values between Span and Resource for attribute telemetry.sdk.language"], b.Warnings);
        Assert.Same(a.Resource, b.Resource);
        Assert.Same(a.Resource, adjusted.Spans[2].Resource);
        Assert.Equal(2, resource.Attributes.Length);
    }

    [Fact]
    public void RemoveEmptySpanLinks_drops_links_with_zero_trace_id()
    {
        var span = new Span
        {
            TraceId = Trace128,
            SpanId = new SpanId(1),
            Links = [new SpanLink { SpanId = new SpanId(3) }, new SpanLink { TraceId = Trace64, SpanId = new SpanId(4) }],
        };
        var adjusted = new RemoveEmptySpanLinks().Adjust(new Trace(Trace128, [span])).Spans[0];
        Assert.Equal([4UL], adjusted.Links.Select(l => l.SpanId.Value));
        Assert.Equal(2, span.Links.Length);
    }

    [Fact]
    public void Standard_chain_runs_all_adjusters()
    {
        var r = Resource("a");
        var span = Span(Trace128, 1, r, attributes: [Str("z", "1"), Int("ip", 1), Str("telemetry.sdk.name", "x")]);
        var adjusted = StandardAdjusters.Instance.Adjust(new Trace(Trace128, [span, Span(Trace128, 1, r, attributes: [Str("z", "1"), Int("ip", 1), Str("telemetry.sdk.name", "x")])]));
        var only = Assert.Single(adjusted.Spans);
        Assert.Equal(["ip", "z"], only.Attributes.Select(a => a.Key));
        Assert.Equal(AttributeValue.String("0.0.0.1"), only.Attributes[0].Value);
        Assert.Contains(only.Resource.Attributes, kv => kv.Key == "telemetry.sdk.name");
    }
}
