using System.Globalization;
using TraceBackend.Cql.Tests.Support;
using TraceBackend.Model;
using TraceBackend.Storage.Cassandra.Internal;
using static TraceBackend.Storage.Cassandra.Tests.Support.CodecFixtures;

namespace TraceBackend.Storage.Cassandra.Tests.Wire;

/// <summary>
/// Writes through the whole stack: the frames on the socket carry exactly the rows Jaeger's Cassandra writer stores
/// (schema v004, reference §3.3–3.4), decoded here by the fake server's own codec.
/// </summary>
public sealed class WireWriteTests
{
    private const string Trace = "0x0102030405060708090a0b0c0d0e0f10";
    private const string Other = "0x000000000000000000000000000000ff";
    private const long StartMicros = 1_700_000_000_123_456L;
    private const string HourBucket = "2023-11-14T22:00:00.000Z"; // 22:13:20.123456 rounded to the hour

    [Fact]
    public async Task A_rich_span_goes_out_as_prepared_inserts_of_Jaeger_rows()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token);
        var hash = SpanRowEncoder.Encode(Rich()).SpanHash;
        var bucket = (int)(unchecked((ulong)hash) % 10);

        await fake.Store.WriteAsync([Rich()], cts.Token);

        // Each statement text is prepared once (the client caches it), and every connection ran USE for the keyspace.
        Assert.Equal(
            ["insert_duration_index", "insert_operation_name", "insert_service_name", "insert_service_name_index", "insert_service_operation_index", "insert_span", "insert_tag_index"],
            fake.Prepared.Select(cql => fake.Statements.All.Single(s => s.Cql == cql).Name).Order(StringComparer.Ordinal));
        Assert.All(fake.Server.RequestsWith(FakeRequest.Query), q => Assert.Equal($"USE \"{FakeCassandra.Keyspace}\"", q.Cql));
        Assert.NotEmpty(fake.Server.RequestsWith(FakeRequest.Query));
        Assert.Empty(fake.Server.RequestsWith(FakeRequest.Batch)); // every partition holds one row: single INSERTs
        Assert.All(fake.Server.RequestsWith(FakeRequest.Execute), r => Assert.Equal(0x000A, ParsedParameters.OfExecute(r).Consistency)); // LOCAL_ONE

        string[] tagIndex =
        [
            "host.name|web-1", "process.pid|4242", "k8s.ready|true",
            "otel.scope.name|lib", "otel.scope.version|1.0", "http.method|GET", "http.status_code|500", "cache.hit|false", "ratio|0.25",
            "list|[\"a\",1]", "empty|", "span.kind|server", "otel.status_code|ERROR", "error|true", "otel.status_description|boom",
            "w3c.tracestate|k=v", "otel.dropped_attributes_count|2", "$$span.warning.1|w1", "$$span.warning.2|w2",
            "event|exception", "exception.type|IOError", "event|custom", "n|3",
        ];
        string[] expected =
        [
            $"insert_span|{Trace}|-1017017724017666168|{hash}|2748|GET /x|1|{StartMicros}|2500000|{RichTags}|{RichLogs}|{RichRefs}|{RichProcess}",
            "insert_service_name|frontend",
            "insert_operation_name|frontend|server|GET /x",
            $"insert_service_name_index|frontend|{bucket}|{StartMicros}|{Trace}",
            $"insert_service_operation_index|frontend|GET /x|{StartMicros}|{Trace}",
            .. tagIndex.Select(t => $"insert_tag_index|{Trace}|-1017017724017666168|frontend|{StartMicros}|{t}"),
            $"insert_duration_index|frontend||{HourBucket}|2500000|{StartMicros}|{Trace}",
            $"insert_duration_index|frontend|GET /x|{HourBucket}|2500000|{StartMicros}|{Trace}",
        ];
        var writes = fake.Writes();
        Assert.All(writes, w => Assert.Equal("execute", w.SentAs));
        Assert.Equal(expected.Order(StringComparer.Ordinal), writes.Select(Line).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rows_of_one_partition_go_out_as_one_unlogged_batch()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token);
        Span[] spans =
        [
            Simple(TraceA, 1, "api", "op-a", Start, 1_000_000),
            Simple(TraceA, 2, "api", "op-b", Start + 1000, 2_000_000),
        ];

        await fake.Store.WriteAsync(spans, cts.Token);

        var batches = fake.Server.RequestsWith(FakeRequest.Batch).Select(ParsedBatch.Of).ToList();
        Assert.All(batches, b => Assert.Equal((ParsedBatch.Unlogged, 0x000A), (b.Type, b.Consistency)));
        var writes = fake.Writes();
        var spanRows = writes.Where(w => w.Statement == "insert_span").ToList();
        Assert.Equal(["batch[2]", "batch[2]"], spanRows.Select(w => w.SentAs));
        Assert.Equal(["1", "2"], spanRows.Select(w => WireValues.Render(w.Values[1])).Order(StringComparer.Ordinal));
        Assert.All(spanRows, w => Assert.Equal(Trace, WireValues.Render(w.Values[0])));
        // ("api", "", hour) and ("api", "span.kind", "server") are one partition each; the operations are two.
        Assert.Equal(
            [$"api||{HourBucket}|1000|{StartMicros}|{Trace}", $"api||{HourBucket}|2000|{StartMicros + 1}|{Trace}"],
            writes.Where(w => w.Statement == "insert_duration_index" && w.SentAs == "batch[2]").Select(w => string.Join("|", w.Values.Select(WireValues.Render))).Order(StringComparer.Ordinal));
        Assert.Equal(2, writes.Count(w => w.Statement == "insert_tag_index" && w.SentAs == "batch[2]"));
        Assert.Equal(["api|op-a", "api|op-b"], writes.Where(w => w.Statement == "insert_service_operation_index").Select(w => $"{w.Values[0]}|{w.Values[1]}").Order(StringComparer.Ordinal));
        Assert.Single(writes, w => w.Statement == "insert_service_name");
    }

    [Fact]
    public async Task A_dependency_snapshot_is_one_row_with_its_day_bucket_and_dependency_UDTs()
    {
        using var cts = TestTimeout.Start();
        await using var fake = await FakeCassandra.StartAsync(cts.Token);
        var ts = new DateTimeOffset(2026, 3, 1, 17, 45, 12, 345, TimeSpan.Zero);

        await fake.Store.WriteDependenciesAsync(ts, [new DependencyLink("frontend", "backend", 7), new DependencyLink("backend", "db", 1UL << 40)], cts.Token);

        var write = Assert.Single(fake.Writes());
        Assert.Equal(
            "insert_dependencies|2026-03-01T17:45:12.345Z|2026-03-01T00:00:00.000Z|[{parent=frontend,child=backend,call_count=7,source=jaeger},{parent=backend,child=db,call_count=1099511627776,source=jaeger}]",
            Line(write));
    }

    private static string RichTags => "[" + string.Join(",",
        Kv("otel.scope.name", "string", s: "lib"),
        Kv("otel.scope.version", "string", s: "1.0"),
        Kv("http.method", "string", s: "GET"),
        Kv("http.status_code", "int64", l: 500),
        Kv("cache.hit", "bool", b: false),
        Kv("ratio", "float64", d: 0.25),
        Kv("digest", "binary", binary: "0x0102"),
        Kv("list", "string", s: "[\"a\",1]"),
        Kv("meta", "string", s: "{\"k\":\"v\"}"),
        Kv("empty", "string"),
        Kv("span.kind", "string", s: "server"),
        Kv("otel.status_code", "string", s: "ERROR"),
        Kv("error", "bool", b: true),
        Kv("otel.status_description", "string", s: "boom"),
        Kv("w3c.tracestate", "string", s: "k=v"),
        Kv("otel.dropped_attributes_count", "int64", l: 2),
        Kv("$$span.warning.1", "string", s: "w1"),
        Kv("$$span.warning.2", "string", s: "w2")) + "]";

    private static string RichLogs =>
        $"[{{ts=1700000000124457,fields=[{Kv("event", "string", s: "exception")},{Kv("exception.type", "string", s: "IOError")}]}},"
        + $"{{ts=1700000000125456,fields=[{Kv("event", "string", s: "custom")},{Kv("n", "int64", l: 3)}]}}]";

    private static string RichRefs =>
        $"[{{ref_type=child-of,trace_id={Trace},span_id=2748}},{{ref_type=follows-from,trace_id={Other},span_id=34}},{{ref_type=child-of,trace_id={Other},span_id=51}}]";

    private static string RichProcess =>
        $"{{service_name=frontend,tags=[{Kv("host.name", "string", s: "web-1")},{Kv("process.pid", "int64", l: 4242)},{Kv("k8s.ready", "bool", b: true)}]}}";

    /// <summary>A keyvalue UDT as Jaeger writes it: only the typed field set, the others zero and value_binary null.</summary>
    private static string Kv(string key, string type, string s = "", bool b = false, long l = 0, double d = 0, string binary = "null") =>
        $"{{key={key},value_type={type},value_string={s},value_bool={(b ? "true" : "false")},value_long={l},value_double={d.ToString("R", CultureInfo.InvariantCulture)},value_binary={binary}}}";

    private static string Line((string Statement, string SentAs, IReadOnlyList<object?> Values) write) =>
        write.Statement + "|" + string.Join("|", write.Values.Select(WireValues.Render));
}
