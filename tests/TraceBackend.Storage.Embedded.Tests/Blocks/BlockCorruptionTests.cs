using Microsoft.Extensions.Logging;
using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Tests.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Blocks;

public sealed class BlockCorruptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(TempDirectory Dir, string BlockPath)> WriteBlockAsync()
    {
        var dir = new TempDirectory();
        var meta = await BlockTestData.WriteAsync(dir.Path, BlockTestData.HotRodTraces(seed: 31, traces: 8));
        return (dir, BlockTestData.BlockPath(dir.Path, meta));
    }

    private static void FlipByte(string path, Func<long, long> position)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[position(bytes.Length)] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
    }

    [Theory]
    [InlineData(BlockFormat.MetaFileName)]
    [InlineData(BlockFormat.BloomFileName)]
    [InlineData(BlockFormat.IndexFileName)]
    public async Task FlippedByteIsDetected(string file)
    {
        var (dir, blockPath) = await WriteBlockAsync();
        using var _ = dir;
        FlipByte(Path.Combine(blockPath, file), n => n / 2);
        var e = Assert.Throws<InvalidDataException>(() => Block.Open(blockPath));
        Assert.Contains(file, e.Message);
    }

    [Theory]
    [InlineData(BlockFormat.MetaFileName)]
    [InlineData(BlockFormat.BloomFileName)]
    [InlineData(BlockFormat.IndexFileName)]
    [InlineData(BlockFormat.DataFileName)]
    public async Task TruncatedOrMissingFileIsDetected(string file)
    {
        var (dir, blockPath) = await WriteBlockAsync();
        using var _ = dir;
        var path = Path.Combine(blockPath, file);
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(stream.Length - 10);
        }

        Assert.Contains(file, Assert.Throws<InvalidDataException>(() => Block.Open(blockPath)).Message);
        File.Delete(path);
        Assert.Contains(file, Assert.Throws<InvalidDataException>(() => Block.Open(blockPath)).Message);
    }

    [Fact]
    public async Task DataFileThatIsNotParquetIsDetected()
    {
        var (dir, blockPath) = await WriteBlockAsync();
        using var _ = dir;
        var path = Path.Combine(blockPath, BlockFormat.DataFileName);
        var length = new FileInfo(path).Length;
        File.WriteAllBytes(path, new byte[length]);
        Assert.Contains(BlockFormat.DataFileName, Assert.Throws<InvalidDataException>(() => Block.Open(blockPath)).Message);
    }

    [Fact]
    public async Task UnknownFormatIsRefused()
    {
        var (dir, blockPath) = await WriteBlockAsync();
        using var _ = dir;
        var metaPath = Path.Combine(blockPath, BlockFormat.MetaFileName);
        var meta = BlockMetaFile.Read(metaPath);
        File.WriteAllBytes(metaPath, BlockMetaFile.Serialize(meta with { Format = "vParquet4" }));
        var e = Assert.Throws<InvalidDataException>(() => Block.Open(blockPath));
        Assert.Contains("unknown format 'vParquet4'", e.Message);
        Assert.Contains(BlockFormat.MetaFileName, e.Message);
    }

    [Fact]
    public async Task MetaIsReadableJsonWithChecksum()
    {
        var (dir, blockPath) = await WriteBlockAsync();
        using var _ = dir;
        var text = File.ReadAllText(Path.Combine(blockPath, BlockFormat.MetaFileName));
        using var json = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(BlockFormat.Name, json.RootElement.GetProperty("format").GetString());
        Assert.Matches("^[0-9a-f]{32}$", json.RootElement.GetProperty("minTraceId").GetString());
        Assert.Matches("^[0-9a-f]{8}$", json.RootElement.GetProperty("crc32c").GetString());
    }

    [Fact]
    public async Task BuilderValidatesInput()
    {
        using var dir = new TempDirectory();
        var traces = BlockTestData.HotRodTraces(seed: 32, traces: 3);
        await using (var builder = BlockBuilder.Create(dir.Path, new BlockBuildOptions { Fsync = false }))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => builder.CompleteAsync(Ct));
            await builder.AddTraceAsync(traces[1].Id, traces[1].Spans, Ct);
            await builder.AddTraceAsync(traces[0].Id, [], Ct); // empty: ignored, even out of order
            await Assert.ThrowsAsync<ArgumentException>(async () => await builder.AddTraceAsync(traces[0].Id, traces[0].Spans, Ct));
            await Assert.ThrowsAsync<ArgumentException>(async () => await builder.AddTraceAsync(traces[1].Id, traces[1].Spans, Ct));
            await Assert.ThrowsAsync<ArgumentException>(async () => await builder.AddTraceAsync(traces[2].Id, traces[1].Spans, Ct));
            Assert.Single(Directory.GetDirectories(dir.Path), d => d.EndsWith(BlockFormat.TempSuffix, StringComparison.Ordinal));
        }

        // Disposed without completing: nothing is left.
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockBuilder.Create(dir.Path, new BlockBuildOptions { RowGroupSpans = 0 }));
    }

    [Fact]
    public async Task CatalogRemovesLeftoversAndQuarantinesCorruptBlocks()
    {
        using var dir = new TempDirectory();
        var traces = BlockTestData.HotRodTraces(seed: 33, traces: 12);
        var first = await BlockTestData.WriteAsync(dir.Path, traces.Take(4));
        var second = await BlockTestData.WriteAsync(dir.Path, traces.Skip(4).Take(4));
        var corrupt = await BlockTestData.WriteAsync(dir.Path, traces.Skip(8).Take(2));
        var input = await BlockTestData.WriteAsync(dir.Path, traces.Skip(10));
        var compacted = await BlockTestData.WriteAsync(dir.Path, traces.Skip(10), options: new BlockBuildOptions { CompactedFrom = [input.BlockId], CompactionLevel = 1 });
        FlipByte(Path.Combine(BlockTestData.BlockPath(dir.Path, corrupt), BlockFormat.IndexFileName), n => 20);
        Directory.CreateDirectory(Path.Combine(dir.Path, Guid.NewGuid() + BlockFormat.TempSuffix));
        Directory.CreateDirectory(Path.Combine(dir.Path, Guid.NewGuid() + BlockFormat.DeletedSuffix));
        var noMeta = Directory.CreateDirectory(Path.Combine(dir.Path, Guid.NewGuid().ToString())).FullName;
        File.WriteAllText(Path.Combine(noMeta, BlockFormat.DataFileName), "partial");

        var logger = new CapturingLogger();
        var blocks = BlockCatalog.Load(dir.Path, logger);
        try
        {
            Assert.Equal([first.BlockId, second.BlockId, compacted.BlockId], blocks.Select(b => b.Meta.BlockId));
            var remaining = Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(
                new[] { first.BlockId.ToString(), second.BlockId.ToString(), corrupt.BlockId + BlockFormat.CorruptSuffix, compacted.BlockId.ToString() }.Order(StringComparer.Ordinal),
                remaining);
            var error = Assert.Single(logger.At(LogLevel.Error));
            Assert.Contains(corrupt.BlockId.ToString(), error);
            Assert.Contains(BlockFormat.IndexFileName, error);
            Assert.NotEmpty(await blocks[2].GetTraceAsync(traces[^1].Id, Ct));
        }
        finally
        {
            foreach (var block in blocks)
            {
                block.Dispose();
            }
        }

        // A second load finds the same blocks and leaves the quarantined one alone.
        var again = BlockCatalog.Load(dir.Path, new CapturingLogger());
        Assert.Equal(3, again.Count);
        foreach (var block in again)
        {
            block.Dispose();
        }
    }

    [Fact]
    public async Task DisposedBlockRefusesReads()
    {
        var (dir, blockPath) = await WriteBlockAsync();
        using var _ = dir;
        var block = Block.Open(blockPath);
        block.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await block.GetTraceAsync(block.Meta.MinTraceId, Ct));
        Assert.False(block.MayContain(new TraceId(0, 0)));
    }
}
