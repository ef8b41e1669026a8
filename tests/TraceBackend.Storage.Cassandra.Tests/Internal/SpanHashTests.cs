using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Tests.Support;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

public sealed class SpanHashTests
{
    [Fact]
    public void The_same_span_always_hashes_the_same()
    {
        var first = SpanRowEncoder.Encode(CodecFixtures.Rich());
        var second = SpanRowEncoder.Encode(CodecFixtures.Rich());

        Assert.Equal(first.SpanHash, second.SpanHash);
        Assert.NotEqual(0, first.SpanHash);
    }

    [Fact]
    public void The_empty_row_hashes_to_the_FNV_1a_of_its_fixed_serialization()
    {
        var row = new SpanRow { TraceId = default, SpanId = 0, SpanHash = 0, Process = null };
        // 16 zero bytes (trace), 8 (span_id), 8 (parent_id), 4 (operation_name length), 4 (flags), 8 + 8 (times),
        // 4 + 4 + 4 (tag, log, ref counts), 1 (no process): 69 zero bytes.
        var expected = 14695981039346656037UL;
        for (var i = 0; i < 69; i++)
        {
            expected = unchecked(expected * 1099511628211UL);
        }

        Assert.Equal(unchecked((long)expected), SpanHash.Compute(row));
    }

    [Fact]
    public void Every_column_changes_the_hash()
    {
        var row = SpanRowEncoder.Encode(CodecFixtures.Rich()) with { SpanHash = 0 };
        var baseline = SpanHash.Compute(row);
        var tag = row.Tags[2];
        SpanRow[] variants =
        [
            row with { TraceId = new TraceId(9, 9) },
            row with { SpanId = row.SpanId + 1 },
            row with { ParentId = 0 },
            row with { OperationName = "other" },
            row with { Flags = 0 },
            row with { StartTime = row.StartTime + 1 },
            row with { Duration = row.Duration + 1 },
            row with { Tags = [.. row.Tags.Take(2), tag with { ValueString = "POST" }, .. row.Tags.Skip(3)] },
            row with { Tags = [.. row.Tags.Take(2), tag with { ValueType = "binary" }, .. row.Tags.Skip(3)] },
            row with { Logs = [row.Logs[0] with { Timestamp = 1 }, row.Logs[1]] },
            row with { Refs = [row.Refs[0] with { RefType = "follows-from" }, .. row.Refs.Skip(1)] },
            row with { Process = row.Process! with { ServiceName = "x" } },
            row with { Process = null },
        ];

        var hashes = variants.Select(SpanHash.Compute).Append(baseline).ToList();

        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    [Fact]
    public void Client_and_server_halves_of_a_shared_span_id_get_different_rows()
    {
        var client = CodecFixtures.Simple(CodecFixtures.TraceA, 0x77, "frontend", "call", CodecFixtures.Start, 10_000, SpanKind.Client);
        var server = CodecFixtures.Simple(CodecFixtures.TraceA, 0x77, "backend", "call", CodecFixtures.Start + 1000, 8_000, SpanKind.Server);

        Assert.NotEqual(SpanRowEncoder.Encode(client).SpanHash, SpanRowEncoder.Encode(server).SpanHash);
    }
}
