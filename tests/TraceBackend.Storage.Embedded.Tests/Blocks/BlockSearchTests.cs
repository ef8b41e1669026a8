using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Tests.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Blocks;

/// <summary>Block search and dependencies against brute force over the same spans with the shared rules.</summary>
public sealed class BlockSearchTests : IClassFixture<BlockSearchTests.Fixture>
{
    private readonly Fixture _fixture;

    public BlockSearchTests(Fixture fixture) => _fixture = fixture;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TempDirectory _dir = new();

        public List<(TraceId Id, IReadOnlyList<Span> Spans)> Traces { get; } = BlockTestData.HotRodTraces(seed: 21, traces: 60);

        public Block Block { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var meta = await BlockTestData.WriteAsync(_dir.Path, Traces, rowGroupSpans: 128);
            Block = Block.Open(BlockTestData.BlockPath(_dir.Path, meta));
        }

        public ValueTask DisposeAsync()
        {
            Block.Dispose();
            _dir.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private Dictionary<TraceId, ulong> BruteForce(TraceQuery query)
    {
        var matcher = new SpanMatcher(query);
        var result = new Dictionary<TraceId, ulong>();
        foreach (var span in _fixture.Traces.SelectMany(t => t.Spans).Where(matcher.Matches))
        {
            result[span.TraceId] = Math.Max(result.GetValueOrDefault(span.TraceId), span.StartTimeUnixNano);
        }

        return result;
    }

    private async Task AssertSameAsBruteForce(TraceQuery query)
    {
        var expected = BruteForce(query);
        var actual = await _fixture.Block.SearchAsync(query, Ct);
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
    }

    private TraceQuery Window(Func<TraceQuery, TraceQuery>? refine = null)
    {
        var meta = _fixture.Block.Meta;
        var query = new TraceQuery
        {
            StartTimeMin = UnixTime.FromNanos(meta.MinStartUnixNano),
            StartTimeMax = UnixTime.FromNanos(meta.MaxStartUnixNano) + TimeSpan.FromSeconds(1),
        };
        return refine is null ? query : refine(query);
    }

    [Fact]
    public async Task ServiceOperationAndDuration()
    {
        var span = _fixture.Traces[3].Spans[1];
        await AssertSameAsBruteForce(Window());
        await AssertSameAsBruteForce(Window(q => q with { ServiceName = span.ServiceName }));
        await AssertSameAsBruteForce(Window(q => q with { ServiceName = span.ServiceName, OperationName = span.Name }));
        await AssertSameAsBruteForce(Window(q => q with { OperationName = span.Name }));
        await AssertSameAsBruteForce(Window(q => q with { DurationMin = TimeSpan.FromMilliseconds(5) }));
        await AssertSameAsBruteForce(Window(q => q with { DurationMax = TimeSpan.FromMilliseconds(1) }));
        await AssertSameAsBruteForce(Window(q => q with { ServiceName = "no-such-service" }));
        await AssertSameAsBruteForce(Window(q => q with { OperationName = "no-such-operation" }));
    }

    [Fact]
    public async Task TagsIncludingSynthesizedOnes()
    {
        var tags = new Dictionary<string, string>[]
        {
            new() { ["error"] = "true" },
            new() { ["span.kind"] = "server" },
            new() { ["otel.status_code"] = "ERROR" },
            new() { ["http.response.status_code"] = "500" },
            new() { ["http.request.method"] = "GET", ["span.kind"] = "client" },
        };
        foreach (var t in tags)
        {
            await AssertSameAsBruteForce(Window(q => q with { Attributes = t }));
        }

        // Every attribute key/value of a few spans (span, resource and event attributes).
        foreach (var span in _fixture.Traces.SelectMany(t => t.Spans).Where((_, i) => i % 97 == 0).Take(8))
        {
            foreach (var kv in span.Attributes.Concat(span.Resource.Attributes).Concat(span.Events.SelectMany(e => e.Attributes)).Take(12))
            {
                await AssertSameAsBruteForce(Window(q => q with { Attributes = new Dictionary<string, string> { [kv.Key] = kv.Value.ToString() } }));
            }

            foreach (var e in span.Events)
            {
                await AssertSameAsBruteForce(Window(q => q with { Attributes = new Dictionary<string, string> { ["event"] = e.Name } }));
            }
        }
    }

    [Fact]
    public async Task RandomizedQueries()
    {
        var random = new Random(1234);
        var spans = _fixture.Traces.SelectMany(t => t.Spans).ToList();
        var meta = _fixture.Block.Meta;
        for (var i = 0; i < 120; i++)
        {
            var pick = spans[random.Next(spans.Count)];
            var width = (ulong)random.NextInt64(1, (long)(meta.MaxStartUnixNano - meta.MinStartUnixNano) + 2);
            var from = meta.MinStartUnixNano + (ulong)random.NextInt64(0, (long)(meta.MaxStartUnixNano - meta.MinStartUnixNano) + 1);
            var query = new TraceQuery
            {
                StartTimeMin = UnixTime.FromNanos(from),
                StartTimeMax = UnixTime.FromNanos(from + width),
                ServiceName = random.Next(3) == 0 ? null : pick.ServiceName,
                OperationName = random.Next(3) == 0 ? pick.Name : null,
                DurationMin = random.Next(4) == 0 ? TimeSpan.FromTicks((long)(pick.DurationNanos / 100 / 2)) : null,
                DurationMax = random.Next(4) == 0 ? TimeSpan.FromTicks((long)(pick.DurationNanos / 100 * 2) + 1) : null,
                Attributes = random.Next(2) == 0 || pick.Attributes.IsEmpty
                    ? new Dictionary<string, string>()
                    : new Dictionary<string, string> { [pick.Attributes[random.Next(pick.Attributes.Length)].Key] = pick.Attributes[random.Next(pick.Attributes.Length)].Value.ToString() },
            };
            await AssertSameAsBruteForce(query);
        }
    }

    [Fact]
    public async Task WindowOutsideTheBlockFindsNothing()
    {
        var meta = _fixture.Block.Meta;
        var query = new TraceQuery { StartTimeMin = UnixTime.FromNanos(meta.MaxStartUnixNano) + TimeSpan.FromSeconds(1), StartTimeMax = DateTimeOffset.MaxValue };
        Assert.Empty(await _fixture.Block.SearchAsync(query, Ct));
    }

    [Fact]
    public async Task DependenciesMatchTheCalculator()
    {
        var meta = _fixture.Block.Meta;
        var all = Expected(meta.MinStartUnixNano, meta.MaxStartUnixNano);
        Assert.Equal(all, meta.Dependencies);
        Assert.Equal(all, await _fixture.Block.GetDependenciesAsync(0, ulong.MaxValue, Ct));
        var mid = meta.MinStartUnixNano + (meta.MaxStartUnixNano - meta.MinStartUnixNano) / 2;
        Assert.Equal(Expected(meta.MinStartUnixNano, mid), await _fixture.Block.GetDependenciesAsync(meta.MinStartUnixNano, mid, Ct));
        Assert.Equal(Expected(mid, mid + 1_000_000_000), await _fixture.Block.GetDependenciesAsync(mid, mid + 1_000_000_000, Ct));
        Assert.Empty(await _fixture.Block.GetDependenciesAsync(meta.MaxStartUnixNano + 1, ulong.MaxValue, Ct));
    }

    private IReadOnlyList<DependencyLink> Expected(ulong from, ulong to)
    {
        var calculator = new DependencyCalculator();
        foreach (var (_, spans) in _fixture.Traces)
        {
            if (spans.Any(s => s.StartTimeUnixNano >= from && s.StartTimeUnixNano <= to))
            {
                calculator.AddTrace(BlockTestData.BlockOrder(spans));
            }
        }

        return calculator.ToLinks();
    }
}
