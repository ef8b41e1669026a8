using System.Collections.Immutable;
using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Tests.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Blocks;

/// <summary>
/// Block search evaluates tag conditions on columns (<see cref="TagFilter"/>) instead of materializing spans: it must
/// agree exactly with <see cref="SpanMatcher"/> on every value type, every attribute source and the synthesized tags.
/// </summary>
public sealed class TagFilterTests : IDisposable
{
    private static readonly string[] s_synthesizedKeys =
    [
        "error", "span.kind", "otel.status_code", "otel.status_description", "otel.scope.name", "otel.library.name",
        "otel.scope.version", "otel.library.version", "w3c.tracestate", "event",
    ];

    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    private static Span EdgeSpan(TraceId traceId, ulong id, int variant)
    {
        ImmutableArray<KeyValue> typed =
        [
            new("int", AttributeValue.Int(variant == 0 ? 7 : variant == 1 ? -7 : long.MinValue)),
            new("double", AttributeValue.Double(variant switch { 0 => 2.5, 1 => 3.0, 2 => -0.0, 3 => double.NaN, 4 => 1e21, _ => double.PositiveInfinity })),
            new("bool", AttributeValue.Bool(variant % 2 == 0)),
            new("bytes", AttributeValue.Bytes(variant == 0 ? [1, 2, 3] : [])),
            new("empty", AttributeValue.Empty),
            new("array", AttributeValue.Array([AttributeValue.Int(variant), AttributeValue.String("x")])),
            new("kv", AttributeValue.KvList([new("a", AttributeValue.Bool(true)), new("b", AttributeValue.Double(0.1))])),
            new("string", AttributeValue.String(variant == 0 ? "" : "v" + variant)),
            new("shared", AttributeValue.String("span")),
        ];
        var resource = new Resource(
        [
            new(Resource.ServiceNameKey, AttributeValue.String("svc-" + (variant % 2))),
            new("host.port", AttributeValue.Int(8000 + variant)),
            new("shared", AttributeValue.String("resource")),
            new("res.bool", AttributeValue.Bool(variant == 3)),
        ]);
        var status = (variant % 3) switch
        {
            0 => new SpanStatus(StatusCode.Unset, ""),
            1 => new SpanStatus(StatusCode.Ok, variant == 1 ? "fine" : ""),
            _ => new SpanStatus(StatusCode.Error, variant == 2 ? "boom" : ""),
        };
        return new Span
        {
            TraceId = traceId,
            SpanId = new SpanId(id),
            Name = "op-" + (variant % 3),
            Kind = (SpanKind)(variant % 6),
            StartTimeUnixNano = 1_000_000_000 + id,
            EndTimeUnixNano = 1_000_000_000 + id + (ulong)variant * 1000,
            TraceState = variant == 4 ? "k=v" : "",
            Status = status,
            Resource = resource,
            Scope = new InstrumentationScope(variant == 5 ? "" : "scope-" + (variant % 2), variant == 2 ? "" : "1." + variant),
            Attributes = variant == 5 ? [] : typed,
            Events = variant switch
            {
                0 => [new SpanEvent { Name = "exception", Attributes = [new("exception.type", AttributeValue.String("E")), new("event.int", AttributeValue.Int(3))] }],
                1 => [new SpanEvent { Name = "e1" }, new SpanEvent { Name = "exception", Attributes = [new("event.double", AttributeValue.Double(1.5)), new("shared", AttributeValue.String("event"))] }],
                2 => [new SpanEvent { Name = "" }],
                _ => [],
            },
            Links = variant == 1 ? [new SpanLink { TraceId = traceId, SpanId = new SpanId(1), Attributes = [new("link.only", AttributeValue.String("l"))] }] : [],
        };
    }

    private async Task<(Block Block, List<Span> Spans)> WriteAsync(List<(TraceId Id, IReadOnlyList<Span> Spans)> traces, int rowGroupSpans)
    {
        var meta = await BlockTestData.WriteAsync(_dir.Path, traces, rowGroupSpans);
        return (Block.Open(BlockTestData.BlockPath(_dir.Path, meta)), [.. traces.SelectMany(t => t.Spans)]);
    }

    private static async Task<int> AssertSameAsSpanMatcher(Block block, List<Span> spans, TraceQuery query)
    {
        var matcher = new SpanMatcher(query);
        var expected = new Dictionary<TraceId, ulong>();
        foreach (var span in spans.Where(matcher.Matches))
        {
            expected[span.TraceId] = Math.Max(expected.GetValueOrDefault(span.TraceId), span.StartTimeUnixNano);
        }

        var actual = await block.SearchAsync(query, Ct);
        Assert.True(
            expected.OrderBy(kv => kv.Key).SequenceEqual(actual.OrderBy(kv => kv.Key)),
            $"tags {string.Join(", ", query.Attributes.Select(kv => $"{kv.Key}={kv.Value}"))}: expected {expected.Count} traces, got {actual.Count}");
        return expected.Count;
    }

    private static TraceQuery Everything(Dictionary<string, string> tags) =>
        new() { StartTimeMin = DateTimeOffset.UnixEpoch, StartTimeMax = DateTimeOffset.MaxValue, Attributes = tags };

    [Fact]
    public async Task TypedValuesResourceEventAndSynthesizedTagsMatchLikeSpanMatcher()
    {
        var traces = new List<(TraceId Id, IReadOnlyList<Span> Spans)>();
        ulong id = 1;
        for (ulong t = 1; t <= 12; t++)
        {
            var traceId = new TraceId(t, t * 31);
            var spans = new List<Span>();
            for (var v = 0; v < (int)(t % 4) + 1; v++)
            {
                spans.Add(EdgeSpan(traceId, id++, (int)((t + (ulong)v) % 6)));
            }

            traces.Add((traceId, spans));
        }

        traces.Add((BlockTestData.Rich(1)[0].TraceId, BlockTestData.Rich(1)));
        traces.Sort((a, b) => a.Id.CompareTo(b.Id));
        var (block, all) = await WriteAsync(traces, rowGroupSpans: 5);
        using var _ = block;

        var values = new SortedSet<string>(StringComparer.Ordinal)
        {
            "", "7", "007", "+7", "-7", "7.0", "2.5", "3", "3.0", "-0", "0", "NaN", "Infinity", "1E+21", "1e21", "true", "True",
            "false", "1", "AQID", "v1", "span", "resource", "event", "E", "1.5", "fine", "boom", "k=v", "ERROR", "OK", "error",
            "server", "client", "internal", "producer", "consumer", "unspecified", "exception", "e1", "scope-0", "scope-1",
            "1.0", "1.1", "1.2", "l", "8003",
        };
        var keys = new SortedSet<string>(StringComparer.Ordinal) { "link.only", "missing", "service.name" };
        keys.UnionWith(s_synthesizedKeys);
        foreach (var span in all)
        {
            foreach (var kv in span.Attributes.Concat(span.Resource.Attributes).Concat(span.Events.SelectMany(e => e.Attributes)))
            {
                keys.Add(kv.Key);
                values.Add(kv.Value.ToString());
            }
        }

        var keysFound = new HashSet<string>();
        foreach (var key in keys)
        {
            foreach (var value in values)
            {
                if (await AssertSameAsSpanMatcher(block, all, Everything(new() { [key] = value })) > 0)
                {
                    keysFound.Add(key);
                }
            }
        }

        // The comparison is not vacuous: every key present somewhere, and every synthesized tag, matched something.
        Assert.Equal(keys.Where(k => k is not ("missing" or "link.only")).Order(), keysFound.Order());

        // Conjunctions across sources.
        await AssertSameAsSpanMatcher(block, all, Everything(new() { ["int"] = "7", ["error"] = "true" }));
        await AssertSameAsSpanMatcher(block, all, Everything(new() { ["shared"] = "event", ["event"] = "exception" }));
        await AssertSameAsSpanMatcher(block, all, Everything(new() { ["host.port"] = "8001", ["span.kind"] = "client", ["otel.scope.version"] = "1.1" }));
        await AssertSameAsSpanMatcher(block, all, Everything(new() { ["shared"] = "resource", ["bool"] = "false" }) with { ServiceName = "svc-1" });
    }

    [Fact]
    public async Task RandomizedTagQueriesOnHotRodTrafficMatchLikeSpanMatcher()
    {
        var traces = BlockTestData.HotRodTraces(seed: 77, traces: 40);
        var (block, all) = await WriteAsync(traces, rowGroupSpans: 64);
        using var _ = block;
        var random = new Random(4321);
        var meta = block.Meta;
        var nonEmpty = 0;
        for (var i = 0; i < 150; i++)
        {
            var tags = new Dictionary<string, string>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var pick = all[random.Next(all.Count)];
                var source = random.Next(5) switch
                {
                    0 => pick.Resource.Attributes,
                    1 => [.. pick.Events.SelectMany(e => e.Attributes)],
                    _ => pick.Attributes,
                };
                if (random.Next(6) == 0 || source.IsEmpty)
                {
                    var key = s_synthesizedKeys[random.Next(s_synthesizedKeys.Length)];
                    tags[key] = key switch
                    {
                        "error" => random.Next(2) == 0 ? "true" : "false",
                        "span.kind" => SpanKindNames.ToJaeger(pick.Kind),
                        "otel.status_code" => random.Next(2) == 0 ? "ERROR" : "OK",
                        "event" => pick.Events.IsEmpty ? "exception" : pick.Events[0].Name,
                        "otel.scope.name" or "otel.library.name" => pick.Scope.Name,
                        _ => "",
                    };
                    continue;
                }

                var kv = source[random.Next(source.Length)];
                var value = kv.Value.ToString();
                tags[kv.Key] = random.Next(8) switch
                {
                    0 => value + "0",
                    1 => "0" + value,
                    _ => value,
                };
            }

            var from = meta.MinStartUnixNano + (ulong)random.NextInt64(0, (long)(meta.MaxStartUnixNano - meta.MinStartUnixNano) + 1);
            var query = new TraceQuery
            {
                StartTimeMin = random.Next(2) == 0 ? DateTimeOffset.UnixEpoch : UnixTime.FromNanos(from),
                StartTimeMax = DateTimeOffset.MaxValue,
                ServiceName = random.Next(3) == 0 ? all[random.Next(all.Count)].ServiceName : null,
                Attributes = tags,
            };
            nonEmpty += await AssertSameAsSpanMatcher(block, all, query) > 0 ? 1 : 0;
        }

        Assert.InRange(nonEmpty, 40, 150);
    }
}
