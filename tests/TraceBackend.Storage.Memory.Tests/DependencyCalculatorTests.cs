using TraceBackend.Model;
using TraceBackend.Storage.Conformance;
using static TraceBackend.Storage.Conformance.FixtureTraces;

namespace TraceBackend.Storage.Memory.Tests;

/// <summary>Unit tests of the shared <see cref="DependencyCalculator"/> (TraceBackend.Storage).</summary>
public class DependencyCalculatorTests
{
    private static readonly DateTimeOffset s_start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Counts_one_call_per_span_with_a_parent_in_the_trace_sorted_by_parent_then_child()
    {
        var calculator = new DependencyCalculator();
        calculator.AddTrace(Rich(Id64(1), s_start));
        calculator.AddTrace(Rich(Id64(2), s_start));

        Assert.Equal(
            [new(Backend, Backend, 2), new(Backend, Database, 2), new(Frontend, Backend, 2), new(Frontend, Frontend, 2)],
            calculator.ToLinks());
    }

    [Fact]
    public void Spans_whose_parent_is_missing_or_absent_add_nothing()
    {
        var trace = new TraceBuilder(Id64(3), s_start);
        trace.Span("a", "root", TimeSpan.Zero, s_ms);
        trace.Span("b", "orphan", s_ms, s_ms).ChildOf(new SpanId(0xbad));
        var calculator = new DependencyCalculator();

        calculator.AddTrace(trace.Build());

        Assert.Empty(calculator.ToLinks());
    }

    [Fact]
    public void Parents_are_resolved_within_each_trace_only()
    {
        var first = new TraceBuilder(Id64(4), s_start);
        var root = first.Span("a", "root", TimeSpan.Zero, s_ms);
        var second = new TraceBuilder(Id64(5), s_start);
        second.Span("b", "child of another trace's span", s_ms, s_ms).ChildOf(root);
        var calculator = new DependencyCalculator();

        calculator.AddTrace(first.Build());
        calculator.AddTrace(second.Build());

        Assert.Empty(calculator.ToLinks());
    }

    [Fact]
    public void Link_order_is_ordinal()
    {
        var trace = new TraceBuilder(Id64(6), s_start);
        var root = trace.Span("b", "root", TimeSpan.Zero, s_ms);
        trace.Span("a", "x", s_ms, s_ms).ChildOf(root);
        trace.Span("B", "y", s_ms, s_ms).ChildOf(root);
        var calculator = new DependencyCalculator();

        calculator.AddTrace(trace.Build());

        Assert.Equal([new DependencyLink("b", "B", 1), new DependencyLink("b", "a", 1)], calculator.ToLinks());
    }

    [Fact]
    public void Zipkin_shared_span_ids_attribute_children_to_the_server_half_whatever_the_order()
    {
        foreach (var serverFirst in new[] { false, true })
        {
            var shared = new SpanId(0x5ea);
            var spans = new List<Span>
            {
                new() { TraceId = Id64(9), SpanId = shared, Kind = SpanKind.Client, Resource = Service("caller") },
                new() { TraceId = Id64(9), SpanId = shared, Kind = SpanKind.Server, Resource = Service("callee") },
                new() { TraceId = Id64(9), SpanId = new SpanId(0xc1), ParentSpanId = shared, Kind = SpanKind.Client, Resource = Service("callee") },
            };
            if (serverFirst)
            {
                (spans[0], spans[1]) = (spans[1], spans[0]);
            }

            var calculator = new DependencyCalculator();
            calculator.AddTrace(spans);

            Assert.Equal([new DependencyLink("callee", "callee", 1)], calculator.ToLinks());
        }
    }

    [Fact]
    public void Unix_time_conversion_clamps_instead_of_overflowing()
    {
        Assert.Equal(ulong.MaxValue, UnixTime.ToNanos(DateTimeOffset.MaxValue));
        Assert.Equal(ulong.MaxValue, UnixTime.ToNanos(TimeSpan.MaxValue));
        Assert.Equal(0UL, UnixTime.ToNanos(DateTimeOffset.UnixEpoch.AddDays(-1)));
        Assert.Equal(1_500_000_000UL, UnixTime.ToNanos(TimeSpan.FromSeconds(1.5)));
    }
}
