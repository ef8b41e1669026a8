using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Session;
using TraceBackend.Storage.Cassandra.Tests.Support;
using static TraceBackend.Storage.Cassandra.Tests.Internal.CqlTraceTablesWriteTests;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

public sealed class CqlTraceTablesReadTests
{
    private const string Ks = "jaeger_v1_test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_service_index_is_read_in_one_IN_query_with_paging_disabled()
    {
        var session = new RecordingSession { Rows = _ => [Row(TraceA.ToBytes(), 50L), Row(new byte[] { 1, 2 }, 40L), Row(OtherTrace.ToBytes(), 30L)] };
        var tables = new CqlTraceTables(session, Ks);

        var entries = await tables.ReadServiceNameIndexAsync("api", 10, 60, 300, Ct);

        var query = Assert.Single(session.Queries);
        Assert.Equal($"SELECT trace_id, start_time FROM {Ks}.service_name_index WHERE bucket IN (0,1,2,3,4,5,6,7,8,9) AND service_name = ? AND start_time > ? AND start_time < ? ORDER BY start_time DESC LIMIT ?", query.Cql);
        Assert.Equal("api,10,60,300", string.Join(",", query.Values.Select(Describe)));
        Assert.IsType<int>(query.Values[3]);
        Assert.Equal(0, query.PageSize);
        Assert.Equal([new IndexEntry(TraceA, 50), new IndexEntry(OtherTrace, 30)], entries); // the 2-byte blob is skipped
    }

    [Fact]
    public async Task Operation_tag_and_duration_index_reads_bind_their_partition_and_ranges()
    {
        var session = new RecordingSession();
        var tables = new CqlTraceTables(session, Ks);
        var bucket = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

        await tables.ReadServiceOperationIndexAsync("api", "GET /a", 1, 2, 30, Ct);
        await tables.ReadTagIndexAsync("api", "http.method", "GET", 3, 4, 60, Ct);
        await tables.ReadDurationIndexAsync("api", "", bucket, 1000, long.MaxValue, 90, Ct);

        Assert.Equal(
            [
                $"SELECT trace_id, start_time FROM {Ks}.service_operation_index WHERE service_name = ? AND operation_name = ? AND start_time > ? AND start_time < ? ORDER BY start_time DESC LIMIT ?|api,GET /a,1,2,30",
                $"SELECT trace_id, start_time FROM {Ks}.tag_index WHERE service_name = ? AND tag_key = ? AND tag_value = ? AND start_time > ? AND start_time < ? ORDER BY start_time DESC LIMIT ?|api,http.method,GET,3,4,60",
                $"SELECT trace_id, start_time FROM {Ks}.duration_index WHERE bucket = ? AND service_name = ? AND operation_name = ? AND duration >= ? AND duration <= ? LIMIT ?|{Describe(bucket)},api,,1000,{long.MaxValue},90",
            ],
            session.Queries.Select(q => q.Cql + "|" + string.Join(",", q.Values.Select(Describe))));
        Assert.IsType<DateTimeOffset>(session.Queries[2].Values[0]);
    }

    [Fact]
    public async Task A_trace_partition_is_read_whole_and_rows_decode_from_session_values()
    {
        var row = SpanRowEncoder.Encode(Rich());
        var values = CqlTraceTables.SpanValues(row);
        // Cassandra returns empty collections as null: a row without logs and refs.
        var bare = (object?[])CqlTraceTables.SpanValues(SpanRowEncoder.Encode(Simple(TraceA, 5, "api", "op", Start, 1000)));
        bare[9] = null;
        bare[10] = null;
        var session = new RecordingSession { Rows = _ => [values, bare, Row(new byte[] { 9 }, 1L, 0L, 0L, "x", 0, 0L, 0L, null, null, null, null)] };
        var tables = new CqlTraceTables(session, Ks);

        var rows = await tables.ReadTraceAsync(TraceA, Ct);

        var query = Assert.Single(session.Queries);
        Assert.Equal($"SELECT trace_id, span_id, span_hash, parent_id, operation_name, flags, start_time, duration, tags, logs, refs, process FROM {Ks}.traces WHERE trace_id = ?", query.Cql);
        Assert.Equal(Describe(TraceA.ToBytes()), Describe(query.Values[0]));
        Assert.Equal(2, rows.Count);
        AssertRowsEqual(row, rows[0]);
        Assert.Empty(rows[1].Logs);
        Assert.Empty(rows[1].Refs);
        Assert.Equal("api", rows[1].ServiceName);
    }

    [Fact]
    public async Task Services_operations_and_dependencies_use_Jaeger_queries()
    {
        var bucket = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var ts = bucket.AddHours(5);
        var session = new RecordingSession
        {
            Rows = s => s.Cql switch
            {
                var c when c.Contains("service_names", StringComparison.Ordinal) => [Row("b"), Row("a"), Row((object?)null)],
                var c when c.Contains("operation_names_v2", StringComparison.Ordinal) => [Row("server", "GET"), Row("", "work")],
                var c when c.Contains("dependencies_v2", StringComparison.Ordinal) => [Row(ts, new List<object?> { Udt(("parent", "a"), ("child", "b"), ("call_count", 4L), ("source", "jaeger")) }), Row(ts.AddHours(1), null)],
                _ => [],
            },
        };
        var tables = new CqlTraceTables(session, Ks);

        Assert.Equal(["b", "a"], await tables.ReadServiceNamesAsync(Ct));
        Assert.Equal([new OperationNameRow("api", "server", "GET"), new OperationNameRow("api", "", "work")], await tables.ReadOperationNamesAsync("api", null, Ct));
        await tables.ReadOperationNamesAsync("api", "server", Ct);
        var snapshots = await tables.ReadDependenciesAsync([bucket, bucket.AddDays(1)], bucket, bucket.AddDays(1), Ct);

        Assert.Equal(
            [
                $"SELECT service_name FROM {Ks}.service_names|",
                $"SELECT span_kind, operation_name FROM {Ks}.operation_names_v2 WHERE service_name = ?|api",
                $"SELECT span_kind, operation_name FROM {Ks}.operation_names_v2 WHERE service_name = ? AND span_kind = ?|api,server",
                $"SELECT ts, dependencies FROM {Ks}.dependencies_v2 WHERE ts_bucket IN ? AND ts >= ? AND ts <= ?|[{Describe(bucket)},{Describe(bucket.AddDays(1))}],{Describe(bucket)},{Describe(bucket.AddDays(1))}",
            ],
            session.Queries.Select(q => q.Cql + "|" + string.Join(",", q.Values.Select(Describe))));
        Assert.Collection(
            snapshots,
            s => Assert.Equal((ts, new DependencyLink("a", "b", 4)), (s.Timestamp, Assert.Single(s.Links))),
            s => Assert.Empty(s.Links));
    }

    [Fact]
    public async Task The_scan_streams_the_any_operation_duration_partition_paged()
    {
        var session = new RecordingSession { Rows = _ => [Row(TraceA.ToBytes(), 7L)] };
        var tables = new CqlTraceTables(session, Ks);
        var bucket = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

        var entries = new List<IndexEntry>();
        await foreach (var entry in tables.ScanDurationIndexAsync("api", bucket, Ct))
        {
            entries.Add(entry);
        }

        var query = Assert.Single(session.Queries);
        Assert.Equal($"SELECT trace_id, start_time FROM {Ks}.duration_index WHERE bucket = ? AND service_name = ? AND operation_name = ?", query.Cql);
        Assert.Equal($"{Describe(bucket)},api,", string.Join(",", query.Values.Select(Describe)));
        Assert.True(query.PageSize > 0);
        Assert.Equal([new IndexEntry(TraceA, 7)], entries);
    }

    [Fact]
    public void Statements_reject_an_unsafe_keyspace()
    {
        Assert.Throws<ArgumentException>(() => new CqlTraceTables(new RecordingSession(), "ks; DROP"));
        Assert.Throws<ArgumentException>(() => new CqlTraceTables(new RecordingSession(), ""));
    }

    private static IReadOnlyList<object?> Row(params object?[] values) => values;

    private static IReadOnlyDictionary<string, object?> Udt(params (string Name, object? Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value);

    private static void AssertRowsEqual(SpanRow expected, SpanRow actual)
    {
        Assert.Equal(
            (expected.TraceId, expected.SpanId, expected.SpanHash, expected.ParentId, expected.OperationName, expected.Flags, expected.StartTime, expected.Duration),
            (actual.TraceId, actual.SpanId, actual.SpanHash, actual.ParentId, actual.OperationName, actual.Flags, actual.StartTime, actual.Duration));
        Assert.Equal(expected.Tags.Select(SpanRowEncoderTests.Render), actual.Tags.Select(SpanRowEncoderTests.Render));
        Assert.Equal(expected.Logs.Select(l => $"{l.Timestamp}:{string.Join(";", l.Fields.Select(SpanRowEncoderTests.Render))}"), actual.Logs.Select(l => $"{l.Timestamp}:{string.Join(";", l.Fields.Select(SpanRowEncoderTests.Render))}"));
        Assert.Equal(expected.Refs.Select(r => $"{r.RefType}/{Convert.ToHexString(r.TraceId)}/{r.SpanId}"), actual.Refs.Select(r => $"{r.RefType}/{Convert.ToHexString(r.TraceId)}/{r.SpanId}"));
        Assert.Equal(expected.Process!.ServiceName, actual.Process!.ServiceName);
        Assert.Equal(expected.Process.Tags.Select(SpanRowEncoderTests.Render), actual.Process.Tags.Select(SpanRowEncoderTests.Render));
        Assert.Equal(SpanHash.Compute(expected with { SpanHash = 0 }), SpanHash.Compute(actual with { SpanHash = 0 }));
    }
}
