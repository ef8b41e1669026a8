using System.Collections.Immutable;
using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Tests.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Blocks;

/// <summary>Traces for the block tests (HotROD traffic and hand-built spans using every field) and block helpers.</summary>
internal static class BlockTestData
{
    /// <summary>HotROD traces as ingest decodes them, sorted by trace ID; each trace's spans in arrival order.</summary>
    public static List<(TraceId Id, IReadOnlyList<Span> Spans)> HotRodTraces(ulong seed, int traces = 30) =>
        [.. SpanWalTestData.HotRod(seed, traces, maxSpans: 500)
            .SelectMany(b => b)
            .GroupBy(s => s.TraceId)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<Span>)g.ToList()))];

    /// <summary>Spans that use every field and every attribute value type.</summary>
    public static IReadOnlyList<Span> Rich(ulong id)
    {
        var nested = AttributeValue.KvList(
        [
            new("inner", AttributeValue.Array([AttributeValue.String("x"), AttributeValue.Empty, AttributeValue.KvList([])])),
            new("empty-array", AttributeValue.Array([])),
            new("bytes", AttributeValue.Bytes([0, 1, 255])),
            new("", AttributeValue.Empty),
        ]);
        ImmutableArray<KeyValue> all =
        [
            new("s", AttributeValue.String("ünï 😀")),
            new("empty-string", AttributeValue.String("")),
            new("i", AttributeValue.Int(long.MinValue)),
            new("d", AttributeValue.Double(-0.0)),
            new("nan", AttributeValue.Double(double.NaN)),
            new("inf", AttributeValue.Double(double.PositiveInfinity)),
            new("b", AttributeValue.Bool(false)),
            new("bytes", AttributeValue.Bytes([])),
            new("bytes2", AttributeValue.Bytes([1, 2, 3])),
            new("arr", AttributeValue.Array([AttributeValue.Int(1), AttributeValue.Double(2.5), AttributeValue.Bool(true), AttributeValue.Bytes([9])])),
            new("kv", nested),
            new("empty", AttributeValue.Empty),
            new("s", AttributeValue.String("duplicate key kept")),
        ];
        var resource = new Resource([new(Resource.ServiceNameKey, AttributeValue.String("rich-" + id)), .. all], droppedAttributesCount: 3);
        var scope = new InstrumentationScope("scope", "9.9", all, droppedAttributesCount: 4);
        var traceId = new TraceId(0xAA00000000000000 + id, 0xFFFFFFFFFFFFFFFF);
        var root = new Span
        {
            TraceId = traceId, SpanId = new SpanId(ulong.MaxValue - id), Name = "", Kind = SpanKind.Consumer, Flags = uint.MaxValue,
            TraceState = "k=v,k2=v2", StartTimeUnixNano = ulong.MaxValue - 5, EndTimeUnixNano = 7, // end before start (wraps)
            Attributes = all, DroppedAttributesCount = uint.MaxValue,
            Events =
            [
                new SpanEvent { TimeUnixNano = 0, Name = "" },
                new SpanEvent { TimeUnixNano = ulong.MaxValue, Name = "e2", Attributes = all, DroppedAttributesCount = 5 },
                new SpanEvent { TimeUnixNano = 12, Name = "e3", Attributes = [new("k", AttributeValue.Empty)] },
            ],
            DroppedEventsCount = 6,
            Links =
            [
                new SpanLink { TraceId = new TraceId(1, 2), SpanId = new SpanId(3), TraceState = "t", Flags = 0x101, Attributes = all, DroppedAttributesCount = 7 },
                new SpanLink { TraceId = default, SpanId = default },
            ],
            DroppedLinksCount = 8,
            Status = new SpanStatus(StatusCode.Error, "bad ✗"),
            Resource = resource, Scope = scope,
            Warnings = ["w1", "", "w3 ü"],
        };
        var child = new Span
        {
            TraceId = traceId, SpanId = new SpanId(2), ParentSpanId = root.SpanId, Name = "child", Kind = SpanKind.Server,
            StartTimeUnixNano = 1, EndTimeUnixNano = 1, Resource = resource, Status = new SpanStatus(StatusCode.Ok, ""),
        };
        var bare = new Span { TraceId = traceId, SpanId = new SpanId(3), StartTimeUnixNano = 1, EndTimeUnixNano = 2 };
        return [root, child, bare];
    }

    /// <summary>The spans of a trace in the order a block returns them: by start time, stable.</summary>
    public static List<Span> BlockOrder(IEnumerable<Span> spans) => [.. spans.Select((s, i) => (s, i)).OrderBy(p => p.s.StartTimeUnixNano).ThenBy(p => p.i).Select(p => p.s)];

    public static async Task<BlockMeta> WriteAsync(string blocksDirectory, IEnumerable<(TraceId Id, IReadOnlyList<Span> Spans)> traces, int rowGroupSpans = 100, BlockBuildOptions? options = null)
    {
        await using var builder = BlockBuilder.Create(blocksDirectory, (options ?? new BlockBuildOptions()) with { RowGroupSpans = rowGroupSpans, Fsync = false });
        foreach (var (id, spans) in traces)
        {
            await builder.AddTraceAsync(id, spans, TestContext.Current.CancellationToken);
        }

        return await builder.CompleteAsync(TestContext.Current.CancellationToken);
    }

    public static string BlockPath(string blocksDirectory, BlockMeta meta) => Path.Combine(blocksDirectory, meta.BlockId.ToString("D"));
}
