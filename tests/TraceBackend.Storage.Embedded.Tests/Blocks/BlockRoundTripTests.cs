using TraceBackend.Model;
using TraceBackend.Otlp.Tests.Support;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Tests.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Blocks;

public sealed class BlockRoundTripTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryFieldSurvives()
    {
        using var dir = new TempDirectory();
        var traces = new[] { 1UL, 2UL }.Select(i => BlockTestData.Rich(i)).Select(s => (s[0].TraceId, s)).OrderBy(t => t.TraceId).ToList();
        var meta = await BlockTestData.WriteAsync(dir.Path, traces, rowGroupSpans: 2);
        using var block = Block.Open(BlockTestData.BlockPath(dir.Path, meta));
        foreach (var (id, spans) in traces)
        {
            var read = await block.GetTraceAsync(id, Ct);
            ConversionAssert.Equal(BlockTestData.BlockOrder(spans), read, sameInstances: false);
        }
    }

    [Fact]
    public async Task HotRodTracesRoundTripAcrossRowGroups()
    {
        using var dir = new TempDirectory();
        var traces = BlockTestData.HotRodTraces(seed: 5, traces: 40);
        // 97 spans per row group: most traces cross a row-group boundary; large traces span many.
        var meta = await BlockTestData.WriteAsync(dir.Path, traces, rowGroupSpans: 97);
        Assert.Equal(traces.Count, meta.TraceCount);
        Assert.Equal(traces.Sum(t => t.Spans.Count), meta.SpanCount);
        using var block = Block.Open(BlockTestData.BlockPath(dir.Path, meta));
        foreach (var (id, spans) in traces)
        {
            Assert.True(block.MayContain(id));
            var read = await block.GetTraceAsync(id, Ct);
            ConversionAssert.Equal(BlockTestData.BlockOrder(spans), read, sameInstances: false);
        }
    }

    [Fact]
    public async Task ReadTracesReturnsEveryTraceInOrder()
    {
        using var dir = new TempDirectory();
        var traces = BlockTestData.HotRodTraces(seed: 6, traces: 25);
        var meta = await BlockTestData.WriteAsync(dir.Path, traces, rowGroupSpans: 64);
        using var block = Block.Open(BlockTestData.BlockPath(dir.Path, meta));
        var i = 0;
        await foreach (var (id, spans) in block.ReadTracesAsync(Ct))
        {
            Assert.Equal(traces[i].Id, id);
            ConversionAssert.Equal(BlockTestData.BlockOrder(traces[i].Spans), spans, sameInstances: false);
            i++;
        }

        Assert.Equal(traces.Count, i);
    }

    [Fact]
    public async Task EqualResourcesAndScopesShareOneInstancePerRead()
    {
        using var dir = new TempDirectory();
        var traces = BlockTestData.HotRodTraces(seed: 7, traces: 5);
        var meta = await BlockTestData.WriteAsync(dir.Path, traces, rowGroupSpans: 1000);
        using var block = Block.Open(BlockTestData.BlockPath(dir.Path, meta));
        var read = await block.GetTraceAsync(traces[0].Id, Ct);
        var resources = read.Select(s => s.Resource).Distinct(ReferenceEqualityComparer.Instance).Count();
        var distinctContent = traces[0].Spans.Select(s => s.Resource).Distinct(ReferenceEqualityComparer.Instance).Count();
        Assert.True(resources <= distinctContent, $"{resources} resource instances for {distinctContent} distinct resources");
        Assert.True(read.Select(s => s.Scope).Distinct(ReferenceEqualityComparer.Instance).Count() <= traces[0].Spans.Select(s => s.Scope).Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Fact]
    public async Task AbsentTraceIsEmpty()
    {
        using var dir = new TempDirectory();
        var traces = BlockTestData.HotRodTraces(seed: 8, traces: 10);
        var meta = await BlockTestData.WriteAsync(dir.Path, traces);
        using var block = Block.Open(BlockTestData.BlockPath(dir.Path, meta));
        Assert.Empty(await block.GetTraceAsync(new TraceId(0, 1), Ct));
        Assert.Empty(await block.GetTraceAsync(new TraceId(ulong.MaxValue, ulong.MaxValue), Ct));
        // Inside the ID range but absent (bloom may say yes; the row group read must still find nothing).
        var probe = new TraceId(traces[0].Id.High, traces[0].Id.Low + 1);
        Assert.Empty(await block.GetTraceAsync(probe, Ct));
    }

    [Fact]
    public async Task MetaDescribesTheBlock()
    {
        using var dir = new TempDirectory();
        var traces = BlockTestData.HotRodTraces(seed: 9, traces: 12);
        var compactedFrom = new[] { Guid.NewGuid() };
        var meta = await BlockTestData.WriteAsync(dir.Path, traces, options: new BlockBuildOptions { CompactionLevel = 2, WalCheckpoint = 42, CompactedFrom = compactedFrom });
        var spans = traces.SelectMany(t => t.Spans).ToList();
        Assert.Equal(BlockFormat.Name, meta.Format);
        Assert.Equal(2, meta.CompactionLevel);
        Assert.Equal(42, meta.WalCheckpoint);
        Assert.Equal(compactedFrom, meta.CompactedFrom);
        Assert.Equal(spans.Min(s => s.StartTimeUnixNano), meta.MinStartUnixNano);
        Assert.Equal(spans.Max(s => s.StartTimeUnixNano), meta.MaxStartUnixNano);
        Assert.Equal(spans.Max(s => s.EndTimeUnixNano), meta.MaxEndUnixNano);
        Assert.Equal(traces[0].Id, meta.MinTraceId);
        Assert.Equal(traces[^1].Id, meta.MaxTraceId);
        Assert.Equal(new FileInfo(Path.Combine(BlockTestData.BlockPath(dir.Path, meta), BlockFormat.DataFileName)).Length, meta.DataBytes);
        var expectedServices = spans.GroupBy(s => s.ServiceName).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(s => new Operation(s.Name, s.Kind)).Distinct().OrderBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Kind).ToList()))
            .ToList();
        Assert.Equal(expectedServices.Select(s => s.Key), meta.Services.Select(s => s.Name));
        for (var i = 0; i < expectedServices.Count; i++)
        {
            Assert.Equal(expectedServices[i].Item2, meta.Services[i].Operations);
        }

        using var block = Block.Open(BlockTestData.BlockPath(dir.Path, meta));
        Assert.Equal(meta, block.Meta with { Services = meta.Services, Dependencies = meta.Dependencies, CompactedFrom = meta.CompactedFrom });
        Assert.Equal(meta.Dependencies, block.Meta.Dependencies);
        Assert.Equal(meta.Services.Select(s => (s.Name, string.Join(",", s.Operations))), block.Meta.Services.Select(s => (s.Name, string.Join(",", s.Operations))));
    }
}
