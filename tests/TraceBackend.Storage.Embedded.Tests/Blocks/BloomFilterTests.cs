using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Tests.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Blocks;

public sealed class BloomFilterTests
{
    [Fact]
    public void NoFalseNegativesAndFalsePositiveRateNearTarget()
    {
        var random = new Random(42);
        var ids = Enumerable.Range(0, 20_000).Select(_ => new TraceId((ulong)random.NextInt64(), (ulong)random.NextInt64())).ToHashSet();
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "bloom");
        File.WriteAllBytes(path, BloomFilter.Build(ids).ToFile());
        var bloom = BloomFilter.Read(path);
        Assert.All(ids, id => Assert.True(bloom.MayContain(id)));
        var probes = 200_000;
        var falsePositives = 0;
        for (var i = 0; i < probes; i++)
        {
            var id = new TraceId((ulong)random.NextInt64(), (ulong)random.NextInt64());
            if (!ids.Contains(id) && bloom.MayContain(id))
            {
                falsePositives++;
            }
        }

        var rate = (double)falsePositives / probes;
        Assert.InRange(rate, 0.002, BloomFilter.TargetFalsePositiveRate * 1.5);
    }

    [Fact]
    public void SequentialIdsAreSpreadToo()
    {
        // Non-random IDs (e.g. Jaeger 64-bit counters) must not defeat the hash.
        var ids = Enumerable.Range(1, 10_000).Select(i => new TraceId(0, (ulong)i)).ToList();
        var bloom = BloomFilter.Build(ids);
        Assert.All(ids, id => Assert.True(bloom.MayContain(id)));
        var falsePositives = Enumerable.Range(100_000, 100_000).Count(i => bloom.MayContain(new TraceId(0, (ulong)i)));
        Assert.True(falsePositives < 1_500, $"{falsePositives} false positives in 100000");
    }
}
