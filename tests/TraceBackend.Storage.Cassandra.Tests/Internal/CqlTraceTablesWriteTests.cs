using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using TraceBackend.Storage.Cassandra.Session;
using TraceBackend.Storage.Cassandra.Tests.Support;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Internal;

public sealed class CqlTraceTablesWriteTests
{
    private const string Ks = "jaeger_v1_test";
    private const long StartMicros = 1_700_000_000_123_456L;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_span_write_sends_Jaeger_inserts_with_exact_values()
    {
        var session = new RecordingSession();
        await using var store = new CassandraTraceStore(session, new CassandraStoreOptions { Keyspace = Ks });
        var span = Simple(TraceA, 0x10, "api", "GET /a", Start, 3_000_000, SpanKind.Server, new KeyValue("http.method", AttributeValue.String("GET")));
        var row = SpanRowEncoder.Encode(span);

        await store.WriteAsync([span], Ct);

        Assert.All(session.Requests, r => Assert.Equal("execute", r.Kind)); // one row per partition: no batches
        var statements = session.ExecutedStatements.ToDictionary(s => s.Cql + "|" + string.Join(",", s.Values.Select(Describe)), s => s);
        var traceBlob = TraceA.ToBytes();
        var bucket = new DateTimeOffset(2023, 11, 14, 22, 0, 0, TimeSpan.Zero);
        string[] expected =
        [
            $"INSERT INTO {Ks}.traces(trace_id, span_id, span_hash, parent_id, operation_name, flags, start_time, duration, tags, logs, refs, process) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)|{Describe(traceBlob)},16,{row.SpanHash},0,GET /a,0,{StartMicros},3000,"
                + "[{key=http.method,value_type=string,value_string=GET,value_bool=False,value_long=0,value_double=0,value_binary=null},{key=span.kind,value_type=string,value_string=server,value_bool=False,value_long=0,value_double=0,value_binary=null}],[],[],{service_name=api,tags=[]}",
            $"INSERT INTO {Ks}.service_names(service_name) VALUES (?)|api",
            $"INSERT INTO {Ks}.operation_names_v2(service_name, span_kind, operation_name) VALUES (?, ?, ?)|api,server,GET /a",
            $"INSERT INTO {Ks}.service_name_index(service_name, bucket, start_time, trace_id) VALUES (?, ?, ?, ?)|api,{SpanIndexRows.ServiceBucket(row.SpanHash)},{StartMicros},{Describe(traceBlob)}",
            $"INSERT INTO {Ks}.service_operation_index(service_name, operation_name, start_time, trace_id) VALUES (?, ?, ?, ?)|api,GET /a,{StartMicros},{Describe(traceBlob)}",
            $"INSERT INTO {Ks}.tag_index(trace_id, span_id, service_name, start_time, tag_key, tag_value) VALUES (?, ?, ?, ?, ?, ?)|{Describe(traceBlob)},16,api,{StartMicros},http.method,GET",
            $"INSERT INTO {Ks}.tag_index(trace_id, span_id, service_name, start_time, tag_key, tag_value) VALUES (?, ?, ?, ?, ?, ?)|{Describe(traceBlob)},16,api,{StartMicros},span.kind,server",
            $"INSERT INTO {Ks}.duration_index(service_name, operation_name, bucket, duration, start_time, trace_id) VALUES (?, ?, ?, ?, ?, ?)|api,,{Describe(bucket)},3000,{StartMicros},{Describe(traceBlob)}",
            $"INSERT INTO {Ks}.duration_index(service_name, operation_name, bucket, duration, start_time, trace_id) VALUES (?, ?, ?, ?, ?, ?)|api,GET /a,{Describe(bucket)},3000,{StartMicros},{Describe(traceBlob)}",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), statements.Keys.Order(StringComparer.Ordinal));
        Assert.All(session.ExecutedStatements, s => Assert.True(s.Idempotent));
        Assert.IsType<int>(statements.Values.Single(s => s.Cql.Contains("service_name_index", StringComparison.Ordinal)).Values[1]);
        Assert.IsType<int>(statements.Values.Single(s => s.Cql.Contains(".traces", StringComparison.Ordinal)).Values[5]);
    }

    [Fact]
    public async Task Rows_of_one_partition_go_in_one_batch_and_other_partitions_separately()
    {
        var session = new RecordingSession();
        await using var store = new CassandraTraceStore(session, new CassandraStoreOptions { Keyspace = Ks, MaxBatchStatements = 2 });
        Span[] spans =
        [
            Simple(TraceA, 1, "api", "op", Start, 1000),
            Simple(TraceA, 2, "api", "op", Start + 1000, 1000),
            Simple(TraceA, 3, "api", "op", Start + 2000, 1000),
            Simple(OtherTrace, 4, "api", "op", Start + 3000, 1000),
        ];

        await store.WriteAsync(spans, Ct);

        var traceRequests = session.Requests.Where(r => r.Statements[0].Cql.Contains(".traces(", StringComparison.Ordinal)).ToList();
        Assert.Equal(["batch:2", "execute:1", "execute:1"], traceRequests.Select(r => $"{r.Kind}:{r.Statements.Count}").Order(StringComparer.Ordinal));
        Assert.All(traceRequests.Where(r => r.Kind == "batch"), r => Assert.Single(r.Statements.Select(s => Describe(s.Values[0])).Distinct()));
        var operationIndex = session.Requests.Where(r => r.Statements[0].Cql.Contains("service_operation_index", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, operationIndex.Sum(r => r.Statements.Count));
        Assert.Equal(["batch:2", "batch:2"], operationIndex.Select(r => $"{r.Kind}:{r.Statements.Count}"));
        Assert.Single(session.ExecutedStatements, s => s.Cql.Contains("service_names", StringComparison.Ordinal));
        Assert.Single(session.ExecutedStatements, s => s.Cql.Contains("operation_names_v2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dependency_snapshots_are_written_with_their_day_bucket()
    {
        var session = new RecordingSession();
        await using var store = new CassandraTraceStore(session, new CassandraStoreOptions { Keyspace = Ks });
        var ts = new DateTimeOffset(2026, 3, 1, 17, 45, 12, TimeSpan.Zero);

        await store.WriteDependenciesAsync(ts, [new DependencyLink("a", "b", 3)], Ct);

        var statement = Assert.Single(session.ExecutedStatements);
        Assert.Equal($"INSERT INTO {Ks}.dependencies_v2(ts, ts_bucket, dependencies) VALUES (?, ?, ?)", statement.Cql);
        Assert.Equal(
            $"{Describe(ts)},{Describe(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero))},[{{parent=a,child=b,call_count=3,source=jaeger}}]",
            string.Join(",", statement.Values.Select(Describe)));
    }

    /// <summary>A value rendered with its structure: blobs as hex, lists in brackets, UDTs as field=value in order.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "null",
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
        string s => s,
        DateTimeOffset time => time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object?> udt => "{" + string.Join(",", udt.Select(kv => $"{kv.Key}={Describe(kv.Value)}")) + "}",
        System.Collections.IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Describe)) + "]",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static CassandraStatement Single(RecordingSession session, string table) =>
        Assert.Single(session.Queries, q => q.Cql.Contains(table, StringComparison.Ordinal));
}
