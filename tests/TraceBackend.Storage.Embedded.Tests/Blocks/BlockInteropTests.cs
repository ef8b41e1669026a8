using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Blocks;
using TraceBackend.Storage.Embedded.Tests.Wal;

namespace TraceBackend.Storage.Embedded.Tests.Blocks;

/// <summary>
/// Blocks open in a standard Parquet reader: DuckDB (npm <c>@duckdb/node-api</c>, installed in tests/js by
/// <c>npm ci</c>) reads data.parquet and its summary matches what was written.
/// </summary>
public sealed class BlockInteropTests
{
    [Fact]
    public async Task DuckDbReadsTheDataFile()
    {
        var js = Path.Combine(RepoRoot(), "tests", "js");
        if (!Directory.Exists(Path.Combine(js, "node_modules", "@duckdb", "node-api")))
        {
            Assert.Fail("tests/js/node_modules is missing: run `npm ci` in tests/js (scripts/test.sh does) before the tests");
        }

        using var dir = new TempDirectory();
        var traces = BlockTestData.HotRodTraces(seed: 41, traces: 20);
        var meta = await BlockTestData.WriteAsync(dir.Path, traces, rowGroupSpans: 300);
        var dataPath = Path.Combine(BlockTestData.BlockPath(dir.Path, meta), BlockFormat.DataFileName);

        var start = new ProcessStartInfo("node", ["read-block-parquet.mjs", dataPath])
        {
            WorkingDirectory = js,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(node.ExitCode == 0, $"node failed ({node.ExitCode}): {await stderr}");
        using var json = JsonDocument.Parse(await stdout);
        var root = json.RootElement;
        var spans = traces.SelectMany(t => t.Spans).ToList();
        Assert.Equal(spans.Count, root.GetProperty("rows").GetInt32());
        Assert.Equal(traces.Count, root.GetProperty("traces").GetInt32());
        Assert.Equal(spans.Select(s => s.ServiceName).Distinct().Order(StringComparer.Ordinal), root.GetProperty("services").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(spans.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal), root.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(spans.SelectMany(s => s.Attributes).Select(a => a.Key).Distinct().Order(StringComparer.Ordinal), root.GetProperty("attributeKeys").EnumerateArray().Select(e => e.GetString()));

        var first = BlockTestData.BlockOrder(traces[0].Spans)[0];
        var row = root.GetProperty("first");
        Assert.Equal(first.TraceId.ToHex32(), row.GetProperty("trace_id").GetString()!.ToLowerInvariant());
        Assert.Equal(first.StartTimeUnixNano.ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("start_unix_nano").GetString());
        Assert.Equal(first.DurationNanos.ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("duration_nano").GetString());
        Assert.Equal(first.Attributes.Length, row.GetProperty("attributes").GetInt32());
        Assert.Equal(first.Events.Length, row.GetProperty("events").GetInt32());
        Assert.Equal(first.Resource.Attributes.Length, row.GetProperty("resource_attributes").GetInt32());

        var expectedInts = spans.SelectMany(s => s.Attributes).Where(a => a.Value.Type == AttributeType.Int)
            .Select(a => (a.Key, a.Value.AsInt)).Order().Take(5).Select(p => $"{p.Key}={p.AsInt}");
        Assert.Equal(expectedInts, root.GetProperty("intValues").EnumerateArray().Select(e => $"{e[0].GetString()}={e[1].GetString()}"));
    }

    private static string RepoRoot([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TraceBackend.sln")))
            {
                return dir.FullName;
            }
        }

        // Built outside the checkout: this source file is tests/TraceBackend.Storage.Embedded.Tests/Blocks/.
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", ".."));
    }
}
