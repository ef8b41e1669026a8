using TraceBackend.Model;
using TraceBackend.Storage.Conformance;

namespace TraceBackend.Storage.Memory.Tests;

/// <summary>
/// Differential test of the indexed, pruned search against a brute-force evaluation of the contract on random
/// data (random insertion vs start order, traces spread over batches, several services and operations, and
/// operation caps small enough that some names are unlisted).
/// </summary>
public class MemoryStoreSearchTests
{
    private static readonly DateTimeOffset s_base = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] s_services = ["a", "b", "c", "d"];
    private static readonly string[] s_operations = ["get", "put", "list"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1, 10_000, MemoryStoreOptions.DefaultMaxOperationsPerService)]
    [InlineData(2, 10_000, MemoryStoreOptions.DefaultMaxOperationsPerService)]
    [InlineData(3, 150, MemoryStoreOptions.DefaultMaxOperationsPerService)]
    [InlineData(4, 10_000, 2)]
    [InlineData(5, 150, 1)]
    public async Task Indexed_search_equals_brute_force(int seed, int maxTraces, int maxOperationsPerService)
    {
        var random = new Random(seed);
        using var store = new MemoryStore(new MemoryStoreOptions { MaxTraces = maxTraces, MaxOperationsPerService = maxOperationsPerService });
        var written = new Dictionary<TraceId, List<Span>>();
        var insertion = new List<TraceId>();
        for (var batch = 0; batch < 60; batch++)
        {
            var spans = new List<Span>();
            for (var n = 0; n < 8; n++)
            {
                // Mostly new traces, sometimes more spans for an earlier one that is still stored.
                var id = insertion.Count > 0 && random.Next(4) == 0
                    ? insertion[random.Next(Math.Max(0, insertion.Count - maxTraces), insertion.Count)]
                    : new TraceId(0, (ulong)random.NextInt64(1, long.MaxValue));
                var span = RandomSpan(random, id);
                spans.Add(span);
                if (!written.TryGetValue(id, out var list))
                {
                    written[id] = list = [];
                    insertion.Add(id);
                }

                list.Add(span);
            }

            await store.WriteAsync(spans, Ct);
        }

        var live = insertion.Skip(Math.Max(0, insertion.Count - maxTraces)).ToHashSet();
        for (var q = 0; q < 300; q++)
        {
            var query = RandomQuery(random);
            var expected = BruteForce(query, written, insertion, live);
            var actual = (await store.FindTracesAsync(query, Ct)).Select(t => t.TraceId).ToList();
            Assert.True(expected.SequenceEqual(actual), $"query {q}: {query}\nexpected {string.Join(",", expected)}\nactual   {string.Join(",", actual)}");
        }
    }

    private static List<TraceId> BruteForce(TraceQuery query, Dictionary<TraceId, List<Span>> written, List<TraceId> insertion, HashSet<TraceId> live)
    {
        var matcher = new SpanMatcher(query);
        var hits = new List<(TraceId Id, ulong Latest, int Order)>();
        for (var order = 0; order < insertion.Count; order++)
        {
            var id = insertion[order];
            if (!live.Contains(id))
            {
                continue;
            }

            var matching = written[id].Where(matcher.Matches).ToList();
            if (matching.Count > 0)
            {
                hits.Add((id, matching.Max(s => s.StartTimeUnixNano), order));
            }
        }

        return [.. hits.OrderByDescending(h => h.Latest).ThenByDescending(h => h.Order).Take(query.EffectiveSearchDepth).Select(h => h.Id)];
    }

    private static Span RandomSpan(Random random, TraceId id)
    {
        var service = s_services[random.Next(s_services.Length)];
        var builder = new SpanBuilder(
            id,
            new SpanId((ulong)random.NextInt64(1, long.MaxValue)),
            FixtureTraces.Service(service, FixtureTraces.Kv("zone", $"z{random.Next(2)}")),
            s_operations[random.Next(s_operations.Length)],
            s_base.AddSeconds(random.Next(0, 600)),
            TimeSpan.FromMilliseconds(random.Next(1, 100)));
        builder.Kind((SpanKind)random.Next(0, 6)).Attr("color", random.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" });
        if (random.Next(5) == 0)
        {
            builder.Error();
        }

        return builder.Build();
    }

    private static TraceQuery RandomQuery(Random random)
    {
        var from = random.Next(-60, 600);
        var tags = new Dictionary<string, string>();
        if (random.Next(3) == 0)
        {
            tags["color"] = random.Next(2) == 0 ? "red" : "green";
        }

        if (random.Next(4) == 0)
        {
            tags[random.Next(2) == 0 ? "zone" : "error"] = random.Next(2) == 0 ? "z1" : "true";
        }

        return new TraceQuery
        {
            ServiceName = random.Next(4) == 0 ? null : s_services[random.Next(s_services.Length)],
            OperationName = random.Next(3) == 0 ? s_operations[random.Next(s_operations.Length)] : null,
            Attributes = tags,
            StartTimeMin = s_base.AddSeconds(from),
            StartTimeMax = s_base.AddSeconds(from + random.Next(0, 700)),
            DurationMin = random.Next(5) == 0 ? TimeSpan.FromMilliseconds(random.Next(1, 50)) : null,
            SearchDepth = random.Next(4) switch { 0 => 1, 1 => 5, 2 => 20, _ => 0 },
        };
    }
}
